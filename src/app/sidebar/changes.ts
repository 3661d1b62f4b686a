import { z } from 'zod';
import { AuditLogSheet } from '../changes/audit-sheet';
import { applyText, sheetChangesFor, type ChangesPlatform } from '../changes/report-changes';
import { applySheet, confirmedKeys, NOTHING_CONFIRMED, resultText, reviewSheet, type ConfirmedPlan } from '../changes/sheet-changes';
import { actionCounts } from '../changes/review';
import { describeChange, signed } from '../changes/words';
import type { Call } from '../services';
import type { ChangeApplyView, ChangeResultView, ChangeReviewView } from './api';
import { parseSidebarInput, SidebarInputError } from './input';

/*
 * The review dialog's calls (sidebar and menu alike): review the active sheet's editable report
 * in words, then apply exactly the plan that was reviewed.
 */

export interface SidebarChangesContext {
  platform: ChangesPlatform;
  userEmail: () => string | null;
}

const applyInputSchema = z
  .object({
    sheet: z.string().min(1, 'name the sheet that was reviewed').max(100),
    plan: z.object({ count: z.number().int().min(0), fingerprint: z.string().min(2).max(200_000) }).strict(),
  })
  .strict();

function changesOf(call: Call, context: SidebarChangesContext, sheetName: string) {
  const changes = sheetChangesFor(call.services, context.platform, sheetName, context.userEmail() ?? '');
  // Not an editable report's sheet: the reason, with what to do, is the whole answer.
  if (typeof changes === 'string') throw new SidebarInputError(changes);
  return changes;
}

/** Reviews the active sheet: each pending change in words, counts and totals, refused rows. Sends nothing (created invoices confirmed earlier are bound, reading only). */
export function reviewChanges(call: Call, context: SidebarChangesContext): ChangeReviewView {
  const sheet = context.platform.spreadsheet.activeSheetName();
  const changes = changesOf(call, context, sheet);
  const review = reviewSheet(changes, call.deadline);
  const { summary } = review;
  const notes: string[] = [];
  if (review.unfinished > 0) {
    notes.push(`${review.unfinished} change${review.unfinished === 1 ? '' : 's'} of an earlier apply ${review.unfinished === 1 ? 'is' : 'are'} not finished: applying finishes ${review.unfinished === 1 ? 'it' : 'them'} first, checking in ${changes.provider.name} what landed; nothing is sent twice.`);
  }
  if (review.confirmed.count === 0 && review.unfinished === 0) {
    notes.push('No pending changes: the sheet matches what the last refresh wrote.');
    // Nothing new to send: creations confirmed earlier are looked for, to bind them to their rows.
    if (review.awaiting > 0) notes.push(applyText(applySheet(changes, NOTHING_CONFIRMED, call.deadline)));
  }
  // A plan larger than one apply takes is not offered: the user hears so, with how many fit, before confirming anything.
  if (review.tooLarge !== null) notes.push(review.tooLarge);
  const confirmable = review.confirmed.count > 0 && review.tooLarge === null;
  const confirmLabel = confirmable ? summary.confirmLabel : review.unfinished > 0 ? 'Finish the earlier apply' : null;
  return {
    sheet,
    account: changes.account,
    provider: changes.provider.name,
    changes: review.plan.changes.map((change) => ({ action: change.action, text: describeChange(change) })),
    counts: actionCounts(summary),
    totals: summary.totals.map((total) => ({ ...total, corrections: signed(total.corrections) })),
    refused: review.refused.map((refusal) => ({ row: refusal.sheetRow, reason: refusal.reason })),
    unfinished: review.unfinished,
    notes,
    confirmLabel,
    confirmText: confirmable ? review.confirmText.split('\n') : confirmLabel === null ? [] : [`${confirmLabel}?`],
    plan: review.confirmed,
  };
}

/** Applies the reviewed plan under the document lock; nothing when the sheet changed since review. */
export function applyChanges(call: Call, context: SidebarChangesContext, input: unknown): ChangeApplyView {
  const { sheet, plan } = parseSidebarInput(applyInputSchema, input, { sheet: 'Sheet', plan: 'Reviewed plan', 'plan.count': 'Reviewed plan (count)', 'plan.fingerprint': 'Reviewed plan (fingerprint)' });
  const changes = changesOf(call, context, sheet);
  const confirmed: ConfirmedPlan = plan;
  const applied = applySheet(changes, confirmed, call.deadline);
  const auditSheet = new AuditLogSheet(context.platform.spreadsheet).latestSheetName();
  if (applied.report === null) return { refusedBecause: applied.refusedBecause ?? 'Nothing was sent.', summary: applyText(applied), finished: false, results: [], auditSheet };
  // This plan's changes, and any of an earlier apply that this one carried on; not the journal's whole history.
  const keys = confirmedKeys(confirmed);
  const shown = applied.report.results.filter((result) => keys.has(result.change.key) || result.state === 'queued' || result.state === 'under-way');
  const results: ChangeResultView[] = shown.map((result) => ({ change: describeChange(result.change), state: result.state, result: resultText(result) }));
  // With an earlier apply unfinished, that one is finished first and this plan waits for the next review.
  const waiting = [...keys].filter((key) => !shown.some((result) => result.change.key === key)).length;
  const later = waiting === 0 ? '' : `\n${waiting} reviewed change${waiting === 1 ? ' was' : 's were'} not sent: an earlier apply was finished first. Review again to send ${waiting === 1 ? 'it' : 'them'}.`;
  return { refusedBecause: null, summary: `${applyText(applied, shown)}${later}`, finished: applied.report.finished, results, auditSheet };
}

/** Brings the Audit log to the front. */
export function showAuditLog(context: SidebarChangesContext): { sheet: string } {
  const sheet = new AuditLogSheet(context.platform.spreadsheet).latestSheetName();
  if (sheet === null || !context.platform.spreadsheet.showSheet(sheet)) throw new SidebarInputError('There is no Audit log yet: it starts with the first change sent.');
  return { sheet };
}

