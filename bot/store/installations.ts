import type { ConversationReference } from "botbuilder";
import { writeAudit } from "../../domain/audit/audit.service.ts";
import type { Actor } from "../../domain/audit/events.ts";
import type { Db, Prisma } from "../../domain/db/client.ts";
import type { ConversationType } from "../../domain/db/generated/enums.ts";

/** A stored conversation reference plus the member ids used for card refresh (Teams allows 60). */
export interface StoredReference extends Partial<ConversationReference> {
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

export function conversationTypeOf(reference: Partial<ConversationReference>): ConversationType {
  const type = reference.conversation?.conversationType;
  if (type === "channel") return "CHANNEL";
  if (type === "groupChat" || reference.conversation?.isGroup) return "GROUP_CHAT";
  return "PERSONAL";
}

const select = { id: true, conversationId: true, conversationType: true, tenantId: true, serviceUrl: true, labId: true, userAadObjectId: true, personalDigest: true, reference: true, active: true } as const;

function toInstallation(row: { reference: unknown } & Omit<Installation, "reference">): Installation {
  return { ...row, reference: row.reference as StoredReference };
}

/**
 * Records (or refreshes) where the bot is installed. A new or reactivated installation is
 * audited; a refresh of an active one (every message updates serviceUrl and members) is not.
 */
export async function saveInstallation(db: Db, actor: Actor, now: Date, reference: StoredReference, channelData: { teamId?: string; channelId?: string } = {}): Promise<Installation> {
  const conversationId = reference.conversation!.id;
  const type = conversationTypeOf(reference);
  const data: InstallationFields = {
    conversationType: type,
    tenantId: reference.conversation?.tenantId ?? null,
    serviceUrl: reference.serviceUrl!,
    teamId: channelData.teamId ?? null,
    channelId: channelData.channelId ?? null,
    userAadObjectId: type === "PERSONAL" ? (reference.user?.aadObjectId ?? null) : null,
    reference: JSON.parse(JSON.stringify(reference)),
  };
  // Teams sends installationUpdate and conversationUpdate together: the loser of a concurrent
  // first insert retries and finds the row.
  for (let attempt = 0; ; attempt++) {
    try {
      return await upsert(db, actor, now, conversationId, type, data);
    } catch (error) {
      if (attempt > 0 || (error as { code?: string }).code !== "P2002") throw error;
    }
  }
}

interface InstallationFields {
  conversationType: ConversationType;
  tenantId: string | null;
  serviceUrl: string;
  teamId: string | null;
  channelId: string | null;
  userAadObjectId: string | null;
  reference: StoredReference;
}

async function upsert(db: Db, actor: Actor, now: Date, conversationId: string, type: ConversationType, data: InstallationFields): Promise<Installation> {
  return db.$transaction(async (tx) => {
    const existing = await tx.botInstallation.findUnique({ where: { conversationId }, select: { id: true, active: true, reference: true } });
    const reference = { ...data.reference };
    if (!reference.memberIds && existing) reference.memberIds = (existing.reference as StoredReference).memberIds;
    const fields = { ...data, reference: reference as Prisma.InputJsonObject };
    const row = await tx.botInstallation.upsert({
      where: { conversationId },
      create: { ...fields, conversationId, installedAt: now },
      update: { ...fields, active: true, deactivatedAt: null },
      select,
    });
    if (!existing || !existing.active) {
      await writeAudit(tx, actor, now, { action: "installation.added", entityId: row.id, after: { conversationId, conversationType: type } });
    }
    return toInstallation(row);
  });
}

export async function findInstallation(db: Db, conversationId: string): Promise<Installation | null> {
  const row = await db.botInstallation.findUnique({ where: { conversationId }, select });
  return row ? toInstallation(row) : null;
}

/** Uninstall, or Teams answered 403/404: the conversation gets nothing more. */
export async function deactivateInstallation(db: Db, actor: Actor, now: Date, conversationId: string, reason: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const updated = await tx.botInstallation.updateMany({ where: { conversationId, active: true }, data: { active: false, deactivatedAt: now } });
    if (updated.count === 0) return;
    const row = await tx.botInstallation.findUnique({ where: { conversationId }, select: { id: true, labId: true } });
    await writeAudit(tx, actor, now, { action: "installation.removed", entityId: row!.id, labId: row!.labId, reason });
  });
}

/** Links a channel or group chat to a lab; the caller has checked the user's role there. */
export async function linkInstallation(db: Db, actor: Actor, now: Date, installationId: number, labId: number): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.botInstallation.findUniqueOrThrow({ where: { id: installationId }, select: { labId: true } });
    await tx.botInstallation.update({ where: { id: installationId }, data: { labId } });
    await writeAudit(tx, actor, now, { action: "installation.linked", entityId: installationId, labId, before: { labId: before.labId }, after: { labId } });
  });
}

export async function setPersonalDigest(db: Db, installationId: number, enabled: boolean): Promise<void> {
  await db.botInstallation.update({ where: { id: installationId }, data: { personalDigest: enabled } });
}

/** Active installations that receive a digest: channels and chats linked to a lab, and opted-in personal chats. */
export async function digestInstallations(db: Db): Promise<Installation[]> {
  const rows = await db.botInstallation.findMany({
    where: { active: true, OR: [{ labId: { not: null }, conversationType: { not: "PERSONAL" } }, { conversationType: "PERSONAL", personalDigest: true }] },
    select,
    orderBy: { id: "asc" },
  });
  return rows.map(toInstallation);
}
