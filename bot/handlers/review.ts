import { z } from "zod";
import { serviceContext, type ServiceContext } from "../../domain/context.ts";
import { isAppError, type AppError } from "../../domain/errors.ts";
import { listReviewQueue, returnRecord, reviewCounts, reviewRecord } from "../../domain/review/review.service.ts";
import { returnReasonInput, reviewCard, type ReviewCardData } from "../cards/review.ts";
import type { Card } from "../cards/types.ts";
import { links, type BotDeps, type Turn } from "../context.ts";
import { errorCard, principalOf } from "./turn.ts";

/** Records listed on the card with their buttons; the rest are counted and reached in the tab. */
export const REVIEW_ROWS = 5;

const Decision = z.object({ recordId: z.coerce.number().int().positive() }).passthrough();

/** The reason typed into the row's input, which Teams merges into the action's data. */
function reasonOf(action: z.infer<typeof Decision>): string {
  const value = (action as Record<string, unknown>)[returnReasonInput(action.recordId)];
  return typeof value === "string" ? value : "";
}

/** An error as the card's notice: a validation failure names what is missing ("A reason is required."). */
function explain(error: AppError): string {
  const fields = (error.details as { fields?: { message: string }[] } | undefined)?.fields ?? [];
  return fields.length > 0 ? fields.map((f) => f.message).join(" ") : error.message;
}

async function contextOf(deps: BotDeps, turn: Turn): Promise<ServiceContext> {
  return serviceContext(deps.db, await principalOf(deps, turn), "BOT", deps.clock);
}

/** The review card for the user behind the turn, drawn from the same domain functions as the tab's queue. */
async function drawCard(deps: BotDeps, ctx: ServiceContext, notice?: ReviewCardData["notice"]): Promise<Card> {
  const counts = await reviewCounts(ctx);
  // Without the review right the count is 0 and the queue is not asked for (it would be forbidden).
  const queue = counts.awaitingTotal > 0 ? await listReviewQueue(ctx, { pageSize: REVIEW_ROWS }) : { items: [] };
  return reviewCard({
    awaiting: counts.awaiting,
    awaitingTotal: counts.awaitingTotal,
    returned: counts.returned,
    rows: queue.items.map((r) => ({
      recordId: r.id,
      number: r.number,
      equipment: `${r.equipment.assetTag} · ${r.equipment.modelName}`,
      performer: r.completedBy?.displayName ?? "someone",
      completedAt: r.completedAt ?? new Date(0),
      timeZone: r.labTimeZone,
      labCode: r.labCode,
      result: r.result,
      note: r.review.reason,
    })),
    notice,
    queueUrl: links(deps.settings).reviews(),
  });
}

/** The `review` command and the digest's "Show them" button. */
export async function reviewListCard(deps: BotDeps, turn: Turn): Promise<Card> {
  try {
    return await drawCard(deps, await contextOf(deps, turn));
  } catch (error) {
    return errorCard(error, deps);
  }
}

/**
 * A card's Reviewed or Return button: the decision goes through the domain (which refuses the
 * performer, a user without the review right, and a record no longer awaiting review), and the
 * card comes back drawn again with what happened on top.
 */
export async function decideFromCard(deps: BotDeps, turn: Turn, decision: "review" | "return", data: unknown): Promise<Card> {
  let ctx: ServiceContext;
  try {
    ctx = await contextOf(deps, turn);
  } catch (error) {
    return errorCard(error, deps);
  }
  try {
    const action = Decision.parse(data ?? {});
    const record =
      decision === "review"
        ? await reviewRecord(ctx, action.recordId, {})
        : await returnRecord(ctx, action.recordId, { reason: reasonOf(action) });
    const done = decision === "review" ? `${record.number} reviewed.` : `${record.number} returned to ${record.completedBy?.displayName ?? "its performer"}.`;
    return await drawCard(deps, ctx, { text: done, tone: "done" });
  } catch (error) {
    if (!isAppError(error) && !(error instanceof z.ZodError)) return errorCard(error, deps);
    const message = isAppError(error) ? explain(error) : "That button's data is not valid.";
    // A chat card cannot ask for a fresh sign-in: the review is signed in the tab, from the link below.
    if (isAppError(error) && error.code === "signature_auth_required") {
      return drawCard(deps, ctx, { text: "Reviewing is an electronic signature and needs a fresh sign-in, which Teams chat cannot ask for: open the review queue in Labkeep to review and sign. Return works here.", tone: "refused" });
    }
    try {
      return await drawCard(deps, ctx, { text: message, tone: "refused" });
    } catch {
      return errorCard(error, deps);
    }
  }
}
