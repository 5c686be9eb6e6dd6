/**
 * A person's activity-feed settings (R-TEAMS): which types they get and their quiet hours, read in
 * their own zone, else their primary lab's. Each person edits only their own; the change is audited.
 */
import { writeAudit } from "../audit/audit.service.ts";
import type { ServiceContext } from "../context.ts";
import { changedValues, parseInput } from "../input.ts";
import { ACTIVITY_TYPE_NAMES, ACTIVITY_TYPES, type ActivityType } from "./activity.types.ts";
import { NotificationSettingsInput } from "./activity.schemas.ts";

export interface NotificationSettings {
  enabledTypes: ActivityType[];
  quietHours: { start: string; end: string } | null;
  /** Where quiet hours are read: the person's own zone, else their primary lab's, else UTC. */
  timeZone: string;
  /** Where `timeZone` comes from: the person's own setting, their primary lab, or neither (UTC). */
  timeZoneSource: "own" | "primaryLab" | "default";
  /** The primary lab's zone (what no own zone means), null without a primary lab. */
  primaryLabTimeZone: string | null;
  /** Every type, with its label, for the settings form. */
  types: { type: ActivityType; label: string; description: string }[];
}

async function load(ctx: ServiceContext, userId: number) {
  const [setting, user] = await Promise.all([
    ctx.db.notificationSetting.findUnique({ where: { userId } }),
    ctx.db.user.findUniqueOrThrow({ where: { id: userId }, select: { primaryLab: { select: { timeZone: true } } } }),
  ]);
  const disabled = new Set(setting?.disabledTypes ?? []);
  return {
    enabledTypes: ACTIVITY_TYPE_NAMES.filter((t) => !disabled.has(t)),
    quietHours: setting?.quietStart && setting.quietEnd ? { start: setting.quietStart, end: setting.quietEnd } : null,
    /** The person's own zone as stored (null: the primary lab's), as the audit trail records it. */
    timeZone: setting?.timeZone ?? null,
    primaryLabTimeZone: user.primaryLab?.timeZone ?? null,
  };
}

const view = ({ timeZone, primaryLabTimeZone, ...values }: Awaited<ReturnType<typeof load>>): NotificationSettings => ({
  ...values,
  timeZone: timeZone ?? primaryLabTimeZone ?? "UTC",
  timeZoneSource: timeZone ? "own" : primaryLabTimeZone ? "primaryLab" : "default",
  primaryLabTimeZone,
  types: ACTIVITY_TYPE_NAMES.map((type) => ({ type, label: ACTIVITY_TYPES[type].label, description: ACTIVITY_TYPES[type].description })),
});

export async function getNotificationSettings(ctx: ServiceContext): Promise<NotificationSettings> {
  return view(await load(ctx, ctx.principal.userId));
}

export async function updateNotificationSettings(ctx: ServiceContext, input: unknown): Promise<NotificationSettings> {
  const userId = ctx.principal.userId;
  const body = parseInput(NotificationSettingsInput, input);
  const before = await load(ctx, userId);
  const enabled = new Set(body.enabledTypes);
  const disabledTypes = ACTIVITY_TYPE_NAMES.filter((t) => !enabled.has(t));
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    // A body without timeZone keeps the zone the person chose before.
    const timeZone = body.timeZone === undefined ? before.timeZone : body.timeZone;
    const data = { disabledTypes, quietStart: body.quietHours?.start ?? null, quietEnd: body.quietHours?.end ?? null, timeZone, updatedAt: now };
    await tx.notificationSetting.upsert({ where: { userId }, create: { userId, ...data }, update: data });
    const after = { enabledTypes: ACTIVITY_TYPE_NAMES.filter((t) => enabled.has(t)), quietHours: body.quietHours, timeZone };
    const diff = changedValues({ enabledTypes: before.enabledTypes, quietHours: before.quietHours, timeZone: before.timeZone }, after);
    if (diff) await writeAudit(tx, ctx.actor, now, { action: "user.notification_settings_changed", entityId: userId, ...diff });
  });
  return getNotificationSettings(ctx);
}
