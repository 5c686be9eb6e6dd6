/**
 * The activity-feed notification types (R-TEAMS), declared once: the Teams manifest's
 * `activities.activityTypes` must list exactly these (tests/package checks it), and every
 * notification fills exactly the parameters its template names.
 */
export const ACTIVITY_TYPES = {
  assigned: {
    label: "Work assigned to me",
    description: "A check or corrective action was assigned to you.",
    templateText: "{item} was assigned to you",
  },
  recordOverdue: {
    label: "My check is overdue",
    description: "A check you are responsible for is overdue.",
    templateText: "{item} is overdue",
  },
  checkFailed: {
    label: "A check on my instrument failed",
    description: "A check failed on an instrument you are responsible for.",
    templateText: "A check failed on {instrument}",
  },
  reviewRequested: {
    label: "Awaiting my review",
    description: "A completed check is awaiting your review.",
    templateText: "{item} is awaiting your review",
  },
  calibrationDue: {
    label: "Calibration due",
    description: "An instrument you are responsible for is due for calibration.",
    templateText: "Calibration of {instrument} is due on {dueOn}",
  },
  overdueEscalated: {
    label: "Overdue checks escalated to me (managers)",
    description: "A check at a lab you manage has stayed overdue past the lab's escalation time.",
    templateText: "{item} has been overdue for more than {hours} hours",
  },
} as const;

export type ActivityType = keyof typeof ACTIVITY_TYPES;
export const ACTIVITY_TYPE_NAMES = Object.keys(ACTIVITY_TYPES) as ActivityType[];

/** The `{name}` parameters of a template, in order ({actor} is Teams' own and never sent). */
export function templateParameterNames(templateText: string): string[] {
  return [...templateText.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).filter((name) => name !== "actor");
}

type ParamsOf<T extends string> = T extends `${string}{${infer P}}${infer Rest}` ? P | ParamsOf<Rest> : never;
export type ActivityParameters<T extends ActivityType> = Record<ParamsOf<(typeof ACTIVITY_TYPES)[T]["templateText"]>, string>;

/** The manifest's `activities.activityTypes` entries. */
export function manifestActivityTypes(): { type: string; description: string; templateText: string }[] {
  return ACTIVITY_TYPE_NAMES.map((type) => ({ type, description: ACTIVITY_TYPES[type].description, templateText: ACTIVITY_TYPES[type].templateText }));
}
