/**
 * A person's activity-feed settings (R-TEAMS): which types they get and their quiet hours, read in
 * the zone of their primary lab. Each person edits only their own; the change is audited.
 */
import { writeAudit } from "../audit/audit.service.ts";
import type { ServiceContext } from "../context.ts";
import { changedValues, parseInput } from "../input.ts";
import { ACTIVITY_TYPE_NAMES, ACTIVITY_TYPES, type ActivityType } from "./activity.types.ts";
import { NotificationSettingsInput } from "./activity.schemas.ts";

export interface NotificationSettings {
  enabledTypes: ActivityType[];
  quietHours: { start: string; end: string } | null;
  /** Where quiet hours are read: the primary lab's zone, UTC without one. */
  timeZone: string;
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
    timeZone: user.primaryLab?.timeZone ?? "UTC",
  };
}

const view = (values: Awaited<ReturnType<typeof load>>): NotificationSettings => ({
  ...values,
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
    const data = { disabledTypes, quietStart: body.quietHours?.start ?? null, quietEnd: body.quietHours?.end ?? null, updatedAt: now };
    await tx.notificationSetting.upsert({ where: { userId }, create: { userId, ...data }, update: data });
    const after = { enabledTypes: ACTIVITY_TYPE_NAMES.filter((t) => enabled.has(t)), quietHours: body.quietHours };
    const diff = changedValues({ enabledTypes: before.enabledTypes, quietHours: before.quietHours }, after);
    if (diff) await writeAudit(tx, ctx.actor, now, { action: "user.notification_settings_changed", entityId: userId, ...diff });
  });
  return getNotificationSettings(ctx);
}
