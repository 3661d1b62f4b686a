import type { AffisePayment } from '../../provider/affise/normalize';
import type { LockPort } from '../../ports/lock';
import type { SpreadsheetPort } from '../../ports/spreadsheet';
import { affiseConnection } from '../affise/account';
import { affiseClientFor } from '../affise/access';
import { reportForSheet } from '../reports/manage-reports';
import type { AppServices } from '../services';
import { AffiseChangeProvider, rememberAffisePayment } from './affise-changes';
import { AuditLogSheet } from './audit-sheet';
import type { SheetApply, SheetChangesContext, SheetReview } from './sheet-changes';

/*
 * "Review changes…" on the active sheet: the editable report it holds, the provider of that
 * report's connection, and what the dialogs say.
 */

export interface ChangesPlatform {
  spreadsheet: SpreadsheetPort;
  documentLock: LockPort;
}

/** The change context of the editable report on this sheet, or why there is none (in words). */
export function sheetChangesFor(services: AppServices, platform: ChangesPlatform, sheetName: string, user: string): SheetChangesContext<AffisePayment> | string {
  const report = reportForSheet(services.documentProperties, sheetName);
  if (report === null) return `Sheet "${sheetName}" holds no report. Open the sheet of an editable Affise invoices report, then choose Review changes… again.`;
  const { definition } = report;
  if (definition.kind !== 'affise-invoices' || definition.editable !== true) {
    return `The report "${definition.name}" on this sheet is not editable: only an Affise invoices report in merge mode with "editable": true sends changes to Affise. Nothing was sent.`;
  }
  const account = affiseConnection(services, definition.account ?? null);
  return {
    spreadsheet: platform.spreadsheet,
    sheetName,
    reportId: definition.id,
    provider: new AffiseChangeProvider(affiseClientFor(services, account), () => services.clock.now()),
    remember: rememberAffisePayment,
    properties: services.documentProperties,
    lock: platform.documentLock,
    clock: services.clock,
    audit: new AuditLogSheet(platform.spreadsheet),
    user,
    account: account.name,
  };
}

/** What review found: each change in words, totals per currency, refused rows and why. */
export function reviewText(review: SheetReview): string {
  const lines: string[] = [];
  if (review.unfinished > 0) lines.push(`${review.unfinished} change${review.unfinished === 1 ? '' : 's'} of an earlier apply ${review.unfinished === 1 ? 'is' : 'are'} not finished: applying finishes ${review.unfinished === 1 ? 'it' : 'them'} first.`);
  if (review.summary.lines.length === 0) lines.push('No pending changes: the sheet matches what the last refresh wrote.');
  else lines.push(`${review.summary.lines.length} pending change${review.summary.lines.length === 1 ? '' : 's'}:`, ...review.summary.lines.map((line) => `• ${line}`));
  for (const total of review.summary.totals) lines.push(`Total ${total.currency}: corrections ${total.corrections}, new invoices ${total.creations}`);
  if (review.refused.length > 0) {
    lines.push('', `${review.refused.length} row${review.refused.length === 1 ? '' : 's'} will not be sent (see Apply result):`, ...review.refused.map((refusal) => `• Row ${refusal.sheetRow}: ${refusal.reason}`));
  }
  return lines.join('\n');
}

/** What an apply did, in words. */
export function applyText<Record>(applied: SheetApply<Record>): string {
  if (applied.report === null) return applied.refusedBecause ?? 'Nothing was sent.';
  const { report } = applied;
  const count = (state: string): number => report.results.filter((result) => result.state === state).length;
  const parts = [
    `${count('applied')} applied`,
    count('awaiting') > 0 ? `${count('awaiting')} new invoice${count('awaiting') === 1 ? '' : 's'} awaiting Affise` : '',
    count('refused') + count('conflict') > 0 ? `${count('refused') + count('conflict')} not applied` : '',
    count('under-way') + count('queued') > 0 ? `${count('under-way') + count('queued')} not finished` : '',
  ].filter((part) => part !== '');
  const end = report.finished ? 'Each row says what became of it in Apply result; the Audit log sheet records every change.' : `Stopped: ${report.stoppedBecause ?? 'time ran out'}. Choose Review changes… again to carry on: nothing is sent twice.`;
  return `${parts.join(', ')}.\n${end}`;
}
