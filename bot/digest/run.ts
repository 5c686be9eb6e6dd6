import { DateTime } from "luxon";
import { inScope, labsFor } from "../../domain/access/guard.ts";
import { systemActor } from "../../domain/audit/events.ts";
import { claimDelivery, markFailed, markSent } from "../../domain/installation/delivery.service.ts";
import { deactivateInstallation, digestInstallations, type Installation, type LabInfo } from "../../domain/installation/installation.service.ts";
import { activeLabs } from "../../domain/installation/labs.ts";
import type { Card } from "../cards/types.ts";
import { reviewDigestSection } from "../cards/review.ts";
import { serviceContext } from "../../domain/context.ts";
import type { Principal } from "../../domain/policy/policy.ts";
import { reviewCounts } from "../../domain/review/review.service.ts";
import type { BotDeps } from "../context.ts";
import { refToWire } from "../cards/digest-ref.ts";
import { buildDigestCard, digestRef } from "./build.ts";

export interface DigestRun {
  sent: number;
  failed: number;
  gone: number;
  /** Already sent today, claimed by another server, or not yet the lab's hour. */
  skipped: number;
  retries: number;
}

interface Planned {
  installation: Installation;
  labs: LabInfo[];
  localDate: string;
  cardKey: string;
  /** The reader of a personal digest (a reviewer's digest tells them what awaits their review). */
  principal?: Principal;
}

/** The lab-local date when the lab's digest hour has come today, else null. */
function dueDate(lab: LabInfo, now: Date): string | null {
  const local = DateTime.fromJSDate(now, { zone: lab.timeZone });
  return local.hour >= lab.digestHour ? local.toISODate() : null;
}

async function plan(deps: BotDeps, installation: Installation, labs: Map<number, LabInfo>, now: Date): Promise<Planned | null> {
  if (installation.conversationType !== "PERSONAL") {
    const lab = installation.labId === null ? undefined : labs.get(installation.labId);
    const localDate = lab ? dueDate(lab, now) : null;
    return lab && localDate ? { installation, labs: [lab], localDate, cardKey: `lab:${lab.id}` } : null;
  }
  // A technician's personal digest: the labs whose records they may see, timed by their first lab.
  const principal = await deps.resolvePrincipal(installation.userAadObjectId!, installation.tenantId ?? "", { name: installation.reference.user?.name });
  const scope = labsFor({ principal }, "record", "view");
  const mine = [...labs.values()].filter((lab) => inScope(scope, lab.id));
  mine.sort((a, b) => Number(b.id === principal.primaryLabId) - Number(a.id === principal.primaryLabId) || a.id - b.id);
  const localDate = mine[0] ? dueDate(mine[0], now) : null;
  return localDate ? { installation, labs: mine, localDate, cardKey: `user:${principal.userId}`, principal } : null;
}

/** Runs `worker` over `items` with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, worker: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await worker(items[next++]!);
  });
  await Promise.all(lanes);
}

/**
 * Sends today's digest to every installation whose lab hour has come. Each conversation's
 * delivery is claimed first (the unique row decides between servers), then sent through the one
 * proactive sender; the sent activity id is saved. A crash leaves a pending claim that a later
 * run takes over once stale; a failure is retried on later runs.
 */
export async function runDigest(deps: BotDeps, now: Date = deps.clock.now(), options: { concurrency?: number } = {}): Promise<DigestRun> {
  const run: DigestRun = { sent: 0, failed: 0, gone: 0, skipped: 0, retries: 0 };
  const labs = new Map((await activeLabs(deps.db)).map((lab) => [lab.id, lab]));
  const cards = new Map<string, Promise<Card>>();
  const installations = await digestInstallations(deps.db);
  await pool(installations, options.concurrency ?? 64, async (installation) => {
    try {
      const planned = await plan(deps, installation, labs, now);
      if (!planned) return void run.skipped++;
      const deliveryId = await claimDelivery(deps.db, installation.id, planned.localDate, deps.workerId, deps.clock.now());
      if (deliveryId === null) return void run.skipped++;
      const key = `${planned.cardKey}:${planned.localDate}`;
      const view = planned.cardKey.startsWith("lab:") ? { labId: planned.labs[0]!.id } : {};
      if (!cards.has(key)) cards.set(key, buildDigestCard(deps, planned.labs, now, "digest", { ...view, userIds: [] }).then((card) => withReviews(deps, card, planned.principal)));
      const card = withRefresh(await cards.get(key)!, installation, { ...refToWire(digestRef("digest", view, now)) });
      const result = await deps.sender.send(target(installation), { type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: card }] });
      run.retries += result.retries;
      if (result.status === "sent") {
        await markSent(deps.db, deliveryId, deps.workerId, result.activityId, deps.clock.now());
        run.sent++;
      } else if (result.status === "gone") {
        await markFailed(deps.db, deliveryId, deps.workerId, `conversation gone (HTTP ${result.httpStatus})`);
        await deactivateInstallation(deps.db, systemActor("BOT"), deps.clock.now(), installation.conversationId, `Teams answered ${result.httpStatus}`);
        run.gone++;
      } else {
        await markFailed(deps.db, deliveryId, deps.workerId, result.error);
        run.failed++;
      }
    } catch (error) {
      run.failed++;
      deps.log.error({ err: error, installationId: installation.id }, "digest delivery failed");
    }
  });
  return run;
}

/** A reviewer's personal digest ends with how many records await their review (R-REVIEW), counted as the review card counts. */
async function withReviews(deps: BotDeps, card: Card, principal: Principal | undefined): Promise<Card> {
  if (!principal) return card;
  const counts = await reviewCounts(serviceContext(deps.db, principal, "BOT", deps.clock));
  if (counts.awaitingTotal === 0) return card;
  return { ...card, body: [...(card.body as unknown[]), reviewDigestSection(counts.awaitingTotal)] };
}

export function target(installation: Installation) {
  return { serviceUrl: installation.serviceUrl, conversationId: installation.conversationId, tenantId: installation.tenantId };
}

/** The card's refresh goes to this conversation's members (Teams refreshes for at most 60). */
function withRefresh(card: Card, installation: Installation, data: Record<string, unknown>): Card {
  const userIds = installation.reference.memberIds ?? (installation.reference.user?.id ? [installation.reference.user.id] : []);
  if (userIds.length === 0) return card;
  return { ...card, refresh: { action: { type: "Action.Execute", title: "Refresh", verb: "digest.refresh", data }, userIds: userIds.slice(0, 60) } };
}
