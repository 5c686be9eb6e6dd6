import { z } from "zod";
import type { DigestRef } from "./types.ts";

/**
 * A DigestRef as card data. It rides in every row's two actions and Teams caps a card at 28 KB,
 * so the keys are short: l lab id, k kind (d digest, o overdue, t today), t first drawn (epoch
 * seconds), a the digest message's activity id.
 */
export interface DigestRefWire {
  l?: number;
  k: "d" | "o" | "t";
  t?: number;
  a?: string;
}

const KIND = { digest: "d", overdue: "o", today: "t" } as const;
const KIND_OF = { d: "digest", o: "overdue", t: "today" } as const;

export function refToWire(ref: DigestRef): DigestRefWire {
  const wire: DigestRefWire = { k: KIND[ref.kind] };
  if (ref.labId !== undefined) wire.l = ref.labId;
  if (ref.at) wire.t = Math.floor(Date.parse(ref.at) / 1000);
  if (ref.activityId) wire.a = ref.activityId;
  return wire;
}

const Wire = z
  .object({
    l: z.number().int().positive().optional(),
    k: z.enum(["d", "o", "t"]),
    t: z.number().int().positive().optional(),
    a: z.string().min(1).max(500).optional(),
  })
  .transform((w): DigestRef => ({
    ...(w.l === undefined ? {} : { labId: w.l }),
    kind: KIND_OF[w.k],
    ...(w.t === undefined ? {} : { at: new Date(w.t * 1000).toISOString() }),
    ...(w.a === undefined ? {} : { activityId: w.a }),
  }));

/** Cards sent before the short form carry the refresh data `{ labId?, kind }`. */
const Legacy = z
  .object({ labId: z.coerce.number().int().positive().optional(), kind: z.enum(["digest", "overdue", "today"]).default("digest") })
  .transform((l): DigestRef => ({ ...(l.labId === undefined ? {} : { labId: l.labId }), kind: l.kind }));

/** Card data back to a DigestRef (validated: it comes from the client). */
export const DigestRefData = z.union([Wire, Legacy]);
