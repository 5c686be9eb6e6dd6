import { writeAudit } from "../audit/audit.service.ts";
import type { Actor } from "../audit/events.ts";
import type { Db, Prisma, Tx } from "../db/client.ts";
import { conversationTypeOf, type Installation, type StoredReference } from "./installation.schemas.ts";

export * from "./installation.schemas.ts";

const select = { id: true, conversationId: true, conversationType: true, tenantId: true, serviceUrl: true, labId: true, userAadObjectId: true, personalDigest: true, reference: true, active: true } as const;

function toInstallation(row: { reference: unknown } & Omit<Installation, "reference">): Installation {
  return { ...row, reference: row.reference as StoredReference };
}

/**
 * Serializes writers of one conversation until the transaction ends. Teams sends
 * installationUpdate and conversationUpdate together for one install: without this both saw no
 * row and both audited `installation.added`.
 */
async function lockConversation(tx: Tx, conversationId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(${`bot_installation:${conversationId}`}))) AS l`;
}

/**
 * Records (or refreshes) where the bot is installed. A new or reactivated installation is
 * audited once; a refresh of an active one (every message updates serviceUrl and members) is not.
 */
export async function saveInstallation(db: Db, actor: Actor, now: Date, reference: StoredReference, channelData: { teamId?: string; channelId?: string } = {}): Promise<Installation> {
  const conversationId = reference.conversation.id;
  const type = conversationTypeOf(reference);
  return db.$transaction(async (tx) => {
    await lockConversation(tx, conversationId);
    const existing = await tx.botInstallation.findUnique({ where: { conversationId }, select: { id: true, active: true, reference: true } });
    const stored: StoredReference = { ...reference };
    if (!stored.memberIds && existing) stored.memberIds = (existing.reference as unknown as StoredReference).memberIds;
    const fields = {
      conversationType: type,
      tenantId: reference.conversation.tenantId ?? null,
      serviceUrl: reference.serviceUrl,
      teamId: channelData.teamId ?? null,
      channelId: channelData.channelId ?? null,
      userAadObjectId: type === "PERSONAL" ? (reference.user?.aadObjectId ?? null) : null,
      reference: JSON.parse(JSON.stringify(stored)) as Prisma.InputJsonObject,
    };
    const row = existing
      ? await tx.botInstallation.update({ where: { conversationId }, data: { ...fields, active: true, deactivatedAt: null }, select })
      : await tx.botInstallation.create({ data: { ...fields, conversationId, installedAt: now }, select });
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
    await lockConversation(tx, conversationId);
    const updated = await tx.botInstallation.updateMany({ where: { conversationId, active: true }, data: { active: false, deactivatedAt: now } });
    if (updated.count === 0) return;
    const row = await tx.botInstallation.findUniqueOrThrow({ where: { conversationId }, select: { id: true, labId: true } });
    await writeAudit(tx, actor, now, { action: "installation.removed", entityId: row.id, labId: row.labId, reason });
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
