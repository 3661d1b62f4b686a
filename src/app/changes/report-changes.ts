import type { AffisePayment } from '../../provider/affise/normalize';
import type { LockPort } from '../../ports/lock';
import type { SpreadsheetPort } from '../../ports/spreadsheet';
import { affiseConnection } from '../affise/account';
import { affiseClientFor } from '../affise/access';
import { reportForSheet } from '../reports/manage-reports';
import type { AppServices } from '../services';
import { AffiseChangeProvider, rememberAffisePayment } from './affise-changes';
import { AuditLogSheet } from './audit-sheet';
import type { ChangeResult } from './apply';
import type { SheetApply, SheetChangesContext } from './sheet-changes';

/*
 * "Review changes…" on the active sheet: the editable report it holds, the provider of that
 * report's connection, and what an apply did in words.
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

/** What an apply did, in words: counted over `results` (default: every change the journal holds). */
export function applyText<Record>(applied: SheetApply<Record>, results: readonly ChangeResult[] = applied.report?.results ?? []): string {
  if (applied.report === null) return applied.refusedBecause ?? 'Nothing was sent.';
  const { report } = applied;
  const count = (state: string): number => results.filter((result) => result.state === state).length;
  const parts = [
    `${count('applied')} applied`,
    count('awaiting') > 0 ? `${count('awaiting')} new invoice${count('awaiting') === 1 ? '' : 's'} awaiting Affise` : '',
    count('refused') + count('conflict') > 0 ? `${count('refused') + count('conflict')} not applied` : '',
    count('under-way') + count('queued') > 0 ? `${count('under-way') + count('queued')} not finished` : '',
  ].filter((part) => part !== '');
  const end = report.finished ? 'Each row says what became of it in Apply result; the Audit log sheet records every change.' : `Not finished: ${(report.stoppedBecause ?? 'time ran out').replace(/\.+$/, '')}. Review changes… and apply again to carry on: nothing is sent twice.`;
  return `${parts.join(', ')}.\n${end}`;
}
