import { z } from "zod";

/**
 * `GET /api/lookup` and the message extension's search: the text typed or pasted (a link, an
 * asset tag, a record number, a model or location), and a window of the matches as Teams asks
 * for them (`queryOptions.skip` / `count`).
 */
export const LookupQuery = z.object({
  q: z.string().trim().min(1, "Type something to look for.").max(2048),
  skip: z.coerce.number().int().min(0).max(10_000).default(0),
  count: z.coerce.number().int().min(1).max(50).default(25),
});
export type LookupQuery = z.input<typeof LookupQuery>;
