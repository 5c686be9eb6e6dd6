import type { Clock } from "../domain/clock.ts";
import type { Db } from "../domain/db/client.ts";
import type { StoredReference } from "../domain/installation/installation.service.ts";
import type { Principal } from "../domain/policy/policy.ts";
import { deepLink } from "./cards/links.ts";
import type { ProactiveSender } from "./sender/sender.ts";

/** Who a Teams user is in Labkeep: server/auth's Identity.principalForAadObjectId. */
export type ResolvePrincipal = (aadObjectId: string, tenantId: string, profile: { name?: string | null; upn?: string | null }) => Promise<Principal>;

export interface BotSettings {
  appId?: string;
  password?: string;
  tenantId?: string;
  type: "SingleTenant" | "MultiTenant" | "UserAssignedMSI";
  certThumbprint?: string;
  certKey?: string;
  /** Where Bot Framework tokens' signing keys are published (default: Microsoft's public cloud). */
  openIdMetadataUrl?: string;
  /** The Teams app id (manifest id) for deep links into the tab. */
  teamsAppId: string;
  tabEntityId: string;
}

/**
 * One incoming activity as the handlers see it: plain data read from the Teams SDK's turn by the
 * wiring (bot/app.ts), so handlers and cards never depend on an SDK.
 */
export interface Turn {
  /** The conversation's id without a channel thread's `;messageid=`: the installation key. */
  conversationKey: string;
  tenantId: string;
  serviceUrl: string;
  from: { id: string; name?: string; aadObjectId?: string };
  text?: string;
  /** The message a card action came from (the digest a row was opened in). */
  replyToId?: string;
  /** The conversation reference to store, its id already the conversation key. */
  reference: StoredReference;
  channelData: { teamId?: string; channelId?: string };
  /** Up to 60 member ids for card refresh (a connector call, made only when needed). */
  memberIds(): Promise<string[]>;
}

/** Everything the bot's handlers and the digest need. */
export interface BotDeps {
  db: Db;
  clock: Clock;
  settings: BotSettings;
  resolvePrincipal: ResolvePrincipal;
  sender: ProactiveSender;
  /** Names this process in digest claims. */
  workerId: string;
  log: { info(o: object, m?: string): void; warn(o: object, m?: string): void; error(o: object, m?: string): void };
}

export const links = (settings: BotSettings) => ({
  record: (recordId: number) => deepLink(settings.teamsAppId, settings.tabEntityId, `record:${recordId}`),
  equipment: (equipmentId: number) => deepLink(settings.teamsAppId, settings.tabEntityId, `equipment:${equipmentId}`),
  list: (labId: number | null, status: "overdue" | "due" | "open") => deepLink(settings.teamsAppId, settings.tabEntityId, `records:${labId ?? ""}:${status}`),
  /** The tab's review queue (R-REVIEW). */
  reviews: () => deepLink(settings.teamsAppId, settings.tabEntityId, "reviews"),
  correctiveAction: (id: number) => deepLink(settings.teamsAppId, settings.tabEntityId, `ca:${id}`),
});
