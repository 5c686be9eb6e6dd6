import { z } from "zod";
import { requireRight } from "../access/guard.ts";
import type { ServiceContext } from "../context.ts";
import { dbId, parseId, parseInput, validationFailed } from "../input.ts";
import { linkInstallation, type StoredReference } from "../installation/installation.service.ts";
import { requireLab } from "./lab.service.ts";

export const SetDigestChannelInput = z.object({ installationId: dbId() }).strict();
export type SetDigestChannelInput = z.input<typeof SetDigestChannelInput>;

/** A channel or group chat where the bot is installed, and the lab whose digest it gets now. */
export interface DigestChannel {
  id: number;
  name: string;
  conversationType: "CHANNEL" | "GROUP_CHAT";
  lab: { id: number; code: string } | null;
}

const ADMIN_ONLY = { message: "Only an Administrator can choose a lab's digest channel." };

/**
 * The conversations (active channel and group-chat installations) an Administrator may pick as a
 * lab's digest channel in the lab dialog. Personal chats are not offered: their digest is per user.
 */
export async function listDigestChannels(ctx: ServiceContext, labId: unknown): Promise<{ items: DigestChannel[] }> {
  const lab = await requireLab(ctx, parseId(labId));
  requireRight(ctx, "lab", "edit", lab.id, ADMIN_ONLY);
  const rows = await ctx.db.botInstallation.findMany({
    where: { active: true, conversationType: { not: "PERSONAL" } },
    select: { id: true, conversationType: true, reference: true, lab: { select: { id: true, code: true } } },
    orderBy: { id: "asc" },
  });
  return {
    items: rows.map((row) => ({
      id: row.id,
      // Teams names channels and named group chats in the conversation reference; an unnamed chat gets a description.
      name: (row.reference as unknown as StoredReference).conversation.name ?? (row.conversationType === "CHANNEL" ? `Channel ${row.id}` : `Group chat ${row.id}`),
      conversationType: row.conversationType as DigestChannel["conversationType"],
      lab: row.lab,
    })),
  };
}

/**
 * Links the chosen installation to the lab: the same effect, and the same audited
 * `installation.linked`, as typing `link <CODE>` in that channel (bot/handlers/commands.ts).
 */
export async function setDigestChannel(ctx: ServiceContext, labId: unknown, input: unknown): Promise<DigestChannel> {
  const lab = await requireLab(ctx, parseId(labId));
  requireRight(ctx, "lab", "edit", lab.id, ADMIN_ONLY);
  const { installationId } = parseInput(SetDigestChannelInput, input);
  const installation = await ctx.db.botInstallation.findUnique({ where: { id: installationId }, select: { active: true, conversationType: true, labId: true } });
  if (!installation || !installation.active || installation.conversationType === "PERSONAL") {
    throw validationFailed([{ field: "installationId", message: "Not a channel where the bot is installed." }], "Choose a channel where the Labkeep bot is installed.");
  }
  if (installation.labId !== lab.id) await linkInstallation(ctx.db, ctx.actor, ctx.clock.now(), installationId, lab.id);
  return (await listDigestChannels(ctx, lab.id)).items.find((c) => c.id === installationId)!;
}
