import { z } from "zod";
import { serviceContext } from "../../domain/context.ts";
import { getCorrectiveAction, listCorrectiveActions, quarantineRecord } from "../../domain/corrective/corrective.service.ts";
import { parseInput } from "../../domain/input.ts";
import { correctiveActionCard, correctiveActionsCard } from "../cards/corrective.ts";
import type { Card } from "../cards/types.ts";
import { links, type BotDeps, type Turn } from "../context.ts";
import { errorCard, principalOf } from "./turn.ts";

const QuarantineData = z.object({ recordId: z.coerce.number().int().positive() }).passthrough();

/**
 * "Take out of service" on a failed check's card (Action.Execute record.quarantine): the same
 * service as the tab's button, as the user who clicked; the answer is the corrective action's card.
 */
export async function quarantineFromCard(deps: BotDeps, turn: Turn, data: unknown): Promise<Card> {
  try {
    const { recordId } = parseInput(QuarantineData, data);
    const ctx = serviceContext(deps.db, await principalOf(deps, turn), "BOT", deps.clock);
    const opened = await quarantineRecord(ctx, recordId, {});
    return correctiveActionCard(await getCorrectiveAction(ctx, opened.id), links(deps.settings).correctiveAction(opened.id), deps.clock.now());
  } catch (error) {
    return errorCard(error, deps);
  }
}

/** The `ca` command: open corrective actions assigned to me, then the others open in my labs (or this channel's lab). */
export async function correctiveActionsList(deps: BotDeps, turn: Turn, labId: number | null): Promise<Card> {
  const ctx = serviceContext(deps.db, await principalOf(deps, turn), "BOT", deps.clock);
  const lab = labId === null ? {} : { labId };
  const [mine, open] = await Promise.all([listCorrectiveActions(ctx, { assignedToMe: true, pageSize: 20 }), listCorrectiveActions(ctx, { ...lab, pageSize: 20 })]);
  const mineIds = new Set(mine.items.map((c) => c.id));
  return correctiveActionsCard(mine.items, open.items.filter((c) => !mineIds.has(c.id)), links(deps.settings).correctiveAction, deps.clock.now());
}
