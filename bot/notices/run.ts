import { systemActor } from "../../domain/audit/events.ts";
import { deactivateInstallation } from "../../domain/installation/installation.service.ts";
import { claimNotices, markNoticeFailed, markNoticeSent, onNoticesQueued } from "../../domain/installation/notice.service.ts";
import { card, literal, openUrl, text } from "../cards/common.ts";
import type { Card } from "../cards/types.ts";
import { links, type BotDeps } from "../context.ts";

export interface NoticeRun {
  sent: number;
  failed: number;
  gone: number;
}

/** The channel post as a card: the notice's text as written, and a link to the corrective action in the tab. */
export function noticeCard(deps: Pick<BotDeps, "settings">, notice: { text: string; payload: unknown }): Card {
  const caId = (notice.payload as { correctiveActionId?: unknown } | null)?.correctiveActionId;
  const actions = typeof caId === "number" ? [openUrl("Open the corrective action", links(deps.settings).correctiveAction(caId))] : [];
  return card([text(literal(notice.text), { weight: "Bolder", color: "Attention" })], actions);
}

/**
 * Sends the channel notices waiting in the outbox (domain/installation/notice.service.ts), each
 * through the one proactive sender (rate limits, retries, Retry-After). Teams saying the
 * conversation is gone deactivates the installation, as for digests.
 */
export async function runNotices(deps: BotDeps): Promise<NoticeRun> {
  const run: NoticeRun = { sent: 0, failed: 0, gone: 0 };
  const claimed = await claimNotices(deps.db, deps.workerId, deps.clock.now());
  for (const notice of claimed) {
    try {
      const result = await deps.sender.send(
        { serviceUrl: notice.serviceUrl, conversationId: notice.conversationId, tenantId: notice.tenantId },
        { type: "message", text: notice.text, attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: noticeCard(deps, notice) }] },
      );
      if (result.status === "sent") {
        await markNoticeSent(deps.db, notice.id, deps.workerId, result.activityId, deps.clock.now());
        run.sent++;
      } else if (result.status === "gone") {
        await markNoticeFailed(deps.db, notice.id, deps.workerId, `conversation gone (HTTP ${result.httpStatus})`);
        await deactivateInstallation(deps.db, systemActor("BOT"), deps.clock.now(), notice.conversationId, `Teams answered ${result.httpStatus}`);
        run.gone++;
      } else {
        await markNoticeFailed(deps.db, notice.id, deps.workerId, result.error);
        run.failed++;
      }
    } catch (error) {
      run.failed++;
      deps.log.error({ err: error, noticeId: notice.id }, "channel notice failed");
    }
  }
  return run;
}

/**
 * Delivers at once when a service queues notices, one run at a time (a run asked for meanwhile
 * runs after). `idle()` resolves when nothing is in flight (tests wait on it).
 */
export function noticeDispatcher(deps: BotDeps): { kick(): void; idle(): Promise<void>; stop(): void } {
  let running: Promise<void> | null = null;
  let again = false;
  const loop = async () => {
    do {
      again = false;
      try {
        await runNotices(deps);
      } catch (error) {
        deps.log.warn({ err: error }, "channel notices run failed; the scheduled run retries");
      }
    } while (again);
    running = null;
  };
  const kick = () => {
    if (running) again = true;
    else running = loop();
  };
  const stop = onNoticesQueued(kick);
  return { kick, idle: async () => void (await running), stop };
}
