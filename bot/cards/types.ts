/** Typed data the cards are drawn from. Cards are pure functions of these. */
import type { Frequency } from "../../domain/db/generated/enums.ts";
import type { DigestGroup } from "../../domain/installation/digest.query.ts";
import type { RawAnswer } from "../../domain/record/answers.ts";

export type { DigestGroup, DigestRow as RecordRow } from "../../domain/installation/digest.query.ts";
export type { Frequency };

/** Adaptive Card JSON (schema 1.5), as sent in an attachment of type application/vnd.microsoft.card.adaptive. */
export type Card = { type: "AdaptiveCard"; [key: string]: unknown };

export const FREQUENCY_LABEL: Record<Frequency, string> = {
  DAILY: "Daily",
  WEEKLY: "Weekly",
  MONTHLY: "Monthly",
  QUARTERLY: "Quarterly",
  ANNUAL: "Annual",
};

/**
 * Which digest a row was opened from: enough to draw that digest again after a completion
 * (its labs, its kind, the time it was first drawn, and its message once known).
 */
export interface DigestRef {
  labId?: number;
  kind: "digest" | "overdue" | "today";
  /** ISO time the digest was first drawn: its rows stay those listed then. */
  at?: string;
  /** The digest message's activity id, to update it for everyone. */
  activityId?: string;
}

export interface DigestData {
  title: string;
  /** e.g. "Friday, November 20, 2026 · Boston Clinical Lab". */
  subtitle: string;
  timeZone: string;
  groups: DigestGroup[];
  /** The time of drawing, for the due dates' year. */
  now: Date;
  /** What each row's Open button carries back. */
  ref: DigestRef;
  listUrl: string;
  /** What the card's refresh action asks for again. */
  refresh: { verb: string; data: Record<string, unknown>; userIds: string[] } | null;
  /** The calibration register's counts for the same labs (R-CAL); none for the overdue / due-today answers. */
  calibration?: { dueThisWeek: number; overdue: number; outOfTolerance: number };
}

export interface ChecklistTask {
  taskId: number;
  title: string;
  kind: "CHECK" | "READING" | "TEXT";
  unit: string | null;
  min: number | null;
  max: number | null;
  required: boolean;
}

/** What the user entered for a task, shown again when the card comes back with problems. */
export type ChecklistAnswer = RawAnswer;

/** What a checklist card shows of its record, enough to draw it again without the database. */
export interface ChecklistForm {
  recordId: number;
  number: string;
  equipment: string;
  location: string | null;
  frequency: Frequency;
  dueAt: Date;
  overdue: boolean;
  timeZone: string;
  labCode: string;
  tasks: ChecklistTask[];
  /** The instrument's calibration badge text (R-CAL), when it is in the register and the viewer may see it. */
  calibration?: string | null;
}

export interface ChecklistData extends ChecklistForm {
  /** In a Teams dialog (Action.Submit, answered by task/submit) or a message (Action.Execute). */
  mode: "dialog" | "message";
  /** The digest it was opened from, updated once it is completed. */
  digest?: DigestRef;
  now?: Date;
  /** What the user entered, when the card comes back with problems. */
  answers?: Record<number, ChecklistAnswer>;
  comment?: string;
  /** Problems by task id; key 0 for the card as a whole. */
  problems?: Record<number, string[]>;
  url: string;
  userIds: string[];
}

export interface CompletedData {
  recordId: number;
  number: string;
  equipment: string;
  completedBy: string;
  completedAt: Date;
  timeZone: string;
  labCode: string;
  result: "PASS" | "FAIL" | null;
  results: { title: string; value: string; passed: boolean }[];
  comment: string | null;
  /** Current files of the record and its answers (R-FILE); the card links to the tab, never to the files. */
  attachments?: number;
  /** Set when this user tried to submit a record someone had completed already. */
  alreadyCompleted: boolean;
  /**
   * R-SIGN: completed without the performer's PERFORMED signature (a card cannot carry the fresh
   * sign-in a signature needs): the card sends the performer to the record in the tab to sign.
   */
  awaitingSignature?: boolean;
  /** A failed check (R-QUAR): what failed, its corrective action, and whether to offer quarantine. */
  failure?: { problem: string; correctiveAction: { id: number; number: string } | null; offerQuarantine: boolean; caUrl: string | null } | null;
  url: string;
  userIds: string[];
}
