import type { ReviewState } from "../db/generated/enums.ts";

/**
 * Whether a completed record needs a second person's review (R-REVIEW). The model's setting,
 * when set, overrides the lab's either way: a lab can require review of everything except one
 * model (false), or a lab without the rule can still require it for one critical model (true).
 */
export function reviewRequired(lab: { reviewRequired: boolean }, model: { reviewRequired: boolean | null }): boolean {
  return model.reviewRequired ?? lab.reviewRequired;
}

/** The review part of a record: its state and the last decision (who, when, comment or reason). */
export interface ReviewView {
  state: ReviewState;
  /** Who reviewed or returned it last; null while awaiting its first decision. */
  by: { id: number; displayName: string } | null;
  at: Date | null;
  /** The reviewer's comment (REVIEWED) or the reason it was returned (RETURNED, and AWAITING after a resubmission). */
  comment: string | null;
  /** Why it awaits review again after a decision ("Amended after review"); null otherwise. */
  reason: string | null;
}

export function reviewView(record: {
  reviewState: ReviewState | null;
  reviewedBy: { id: number; displayName: string } | null;
  reviewedAt: Date | null;
  reviewComment: string | null;
  reviewReason: string | null;
}): ReviewView | null {
  if (record.reviewState === null) return null;
  return { state: record.reviewState, by: record.reviewedBy, at: record.reviewedAt, comment: record.reviewComment, reason: record.reviewReason };
}
