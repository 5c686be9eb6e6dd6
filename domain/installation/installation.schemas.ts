import type { ConversationType } from "../db/generated/enums.ts";

/**
 * Where the bot is installed, as the domain keeps it. The conversation reference is plain JSON in
 * the shape Bot Framework documents (ConversationReference); the bot's wiring converts to and from
 * its SDK's type, so nothing here depends on a Teams SDK.
 */
export interface StoredReference {
  activityId?: string;
  user?: { id: string; name?: string; aadObjectId?: string };
  bot?: { id: string; name?: string };
  conversation: { id: string; conversationType?: string; isGroup?: boolean; tenantId?: string; name?: string };
  channelId?: string;
  locale?: string;
  serviceUrl: string;
  /** Member ids used for card refresh (Teams refreshes a card for at most 60 users). */
  memberIds?: string[];
}

export interface Installation {
  id: number;
  conversationId: string;
  conversationType: ConversationType;
  tenantId: string | null;
  serviceUrl: string;
  labId: number | null;
  userAadObjectId: string | null;
  personalDigest: boolean;
  reference: StoredReference;
  active: boolean;
}

/** The lab fields the bot needs (digest timing, linking, card titles). */
export interface LabInfo {
  id: number;
  code: string;
  name: string;
  timeZone: string;
  digestHour: number;
}

export function conversationTypeOf(reference: Pick<StoredReference, "conversation">): ConversationType {
  const type = reference.conversation.conversationType;
  if (type === "channel") return "CHANNEL";
  if (type === "groupChat" || reference.conversation.isGroup) return "GROUP_CHAT";
  return "PERSONAL";
}
