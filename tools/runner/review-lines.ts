import { totalText } from '../../src/app/changes/review';
import type { ChangeReviewView } from '../../src/app/sidebar/api';

/** A refused row as the review dialog words it. */
export const refusedText = (refusal: { row: number; reason: string }): string => `Row ${refusal.row}: ${refusal.reason}`;

/**
 * The review dialog in lines (npm run apply, Affise and Everflow alike): the button, counts and
 * totals on top (as the confirmation words them: an Everflow network's new invoices, sent without a
 * currency, per partner), each change in words, refused rows, notes.
 */
export function reviewLines(view: ChangeReviewView): string[] {
  return [
    view.confirmLabel ?? 'Nothing to send.',
    ...(view.counts.length > 0 ? [view.counts.join(', ')] : []),
    ...view.totals.map(totalText),
    ...view.changes.map((change) => `• ${change.text}`),
    ...(view.refused.length > 0 ? [`${view.refused.length} row${view.refused.length === 1 ? '' : 's'} will not be sent:`, ...view.refused.map((refusal) => `• ${refusedText(refusal)}`)] : []),
    ...view.notes,
  ];
}
