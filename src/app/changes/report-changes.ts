import type { EverflowInvoiceListItem } from '../../model/invoice';
import type { AffisePayment } from '../../provider/affise/normalize';
import type { Deadline } from '../../ports/clock';
import type { LockPort } from '../../ports/lock';
import type { SpreadsheetPort } from '../../ports/spreadsheet';
import type { TriggerPort } from '../../ports/triggers';
import { affiseConnection } from '../affise/account';
import { affiseClientFor } from '../affise/access';
import { everflowClient, everflowConnection } from '../invoice-access';
import { knownKeyRole } from '../key-role';
import type { EverflowReportDefinition } from '../reports/definition';
import { reportForSheet } from '../reports/manage-reports';
import { ConnectionStore } from '../connections';
import { messageOf, redactSecrets } from '../user-message';
import { ReportStore } from '../reports/report-store';
import { syncReportsTrigger } from '../reports/trigger-manager';
import type { AppServices } from '../services';
import { AffiseChangeProvider, rememberAffisePayment } from './affise-changes';
import { AuditLogSheet } from './audit-sheet';
import type { ChangeResult } from './apply';
import { ContinuationStore, continueByText } from './continuation';
import { ChangeJournal } from './journal';
import { applySheet, NOTHING_CONFIRMED, type SheetApply, type SheetChangesContext } from './sheet-changes';
import { EverflowChangeProvider, rememberNetworkInvoice } from './everflow-changes';
import { networkDialect } from './network-sheet';

/*
 * "Review changes…" on the active sheet: the editable report it holds, the provider of that
 * report's connection, and what an apply did in words.
 */

export interface ChangesPlatform {
  spreadsheet: SpreadsheetPort;
  documentLock: LockPort;
  /** The user's time triggers, for an apply that continues in the hourly run; absent, only applying again continues. */
  triggers?: TriggerPort;
}

/** The change context of an editable report, whichever provider's it is. */
export type SheetChanges = SheetChangesContext<AffisePayment | EverflowInvoiceListItem>;

/** The change context of the editable report on this sheet, or why there is none (in words). */
export function sheetChangesFor(services: AppServices, platform: ChangesPlatform, sheetName: string, user: string): SheetChanges | string {
  const report = reportForSheet(services.documentProperties, sheetName);
  if (report === null) return `Sheet "${sheetName}" holds no report. Open the sheet of an editable invoices report (Affise, or Everflow with a network key), then choose Review changes… again.`;
  const { definition } = report;
  if ((definition.kind !== 'affise-invoices' && definition.kind !== 'invoices') || definition.editable !== true) {
    return `The report "${definition.name}" on this sheet is not editable: only an invoices report (Affise, or Everflow with a network key) in merge mode with "editable": true sends changes. Nothing was sent.`;
  }
  if (definition.kind === 'invoices') return networkChangesFor(services, platform, definition, user);
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
    ...(platform.triggers ? { triggers: platform.triggers } : {}),
  };
}

/** An editable Everflow invoices report: its connection's key must be a network's (a partner key cannot change invoices). */
function networkChangesFor(services: AppServices, platform: ChangesPlatform, definition: EverflowReportDefinition, user: string): SheetChangesContext<EverflowInvoiceListItem> | string {
  const connection = everflowConnection(services, definition.account ?? null);
  if (knownKeyRole(services, connection) === 'affiliate') {
    return `The report "${definition.name}" uses the Everflow connection "${connection.name}", whose key is a partner (affiliate) key: only a network key changes invoices. Nothing was sent.`;
  }
  return {
    spreadsheet: platform.spreadsheet,
    sheetName: definition.sheet,
    reportId: definition.id,
    // A key whose role is not known yet is taken for a network's: Everflow's 403 "Out of realm" says otherwise before anything is sent.
    provider: new EverflowChangeProvider(everflowClient(services, connection, 'network'), services.zones, () => services.clock.now()),
    remember: rememberNetworkInvoice,
    properties: services.documentProperties,
    lock: platform.documentLock,
    clock: services.clock,
    audit: new AuditLogSheet(platform.spreadsheet),
    user,
    account: connection.name,
    dialect: networkDialect(services.zones, platform.spreadsheet.timeZone()),
    ...(platform.triggers ? { triggers: platform.triggers } : {}),
  };
}

/**
 * What the hourly trigger does first: carries on every apply this user confirmed that stopped
 * with changes left, sending only what the journal holds (never new edits in the sheet). Then the
 * trigger stays only while a report's schedule or a stopped apply needs it. Answers a line per
 * apply for the execution log, every stored key masked.
 */
export function continueStoppedApplies(services: AppServices, platform: ChangesPlatform & { triggers: TriggerPort }, user: string, deadline: Deadline): string[] {
  const store = new ContinuationStore(services.documentProperties);
  const lines: string[] = [];
  for (const continuation of store.list()) {
    // The trigger runs as its owner, with that user's key: another user's apply continues in their own trigger.
    if (continuation.user !== user) continue;
    const report = new ReportStore(services.documentProperties).get(continuation.reportId);
    const open = new ChangeJournal(platform.spreadsheet, continuation.reportId).entries().some((entry) => entry.state === 'queued' || entry.state === 'under-way');
    if (report === null || !open) {
      store.remove(continuation.reportId);
      continue;
    }
    const changes = sheetChangesFor(services, platform, report.definition.sheet, user);
    if (typeof changes === 'string') {
      // The report is no longer editable (or its sheet is gone): nothing can continue it by itself.
      store.remove(continuation.reportId);
      lines.push(`Apply on "${report.definition.sheet}" not continued: ${changes}`);
      continue;
    }
    try {
      lines.push(`Apply on "${report.definition.sheet}" continued: ${applyText(applySheet(changes, NOTHING_CONFIRMED, deadline))}`);
    } catch (error) {
      // One apply that cannot go on (its journal unreadable, Affise refusing the key) stops neither the others nor the reports.
      lines.push(`Apply on "${report.definition.sheet}" not continued: ${messageOf(error)}`);
    }
  }
  // Another user's stopped apply continues in that user's own trigger: it keeps not this one.
  syncReportsTrigger(new ReportStore(services.documentProperties), platform.triggers, store.list().some((continuation) => continuation.user === user));
  const keys = new ConnectionStore(services.userProperties).allKeys();
  return lines.map((line) => redactSecrets(line, keys));
}

/** What an apply did, in words: counted over `results` (default: every change the journal holds). */
export function applyText<Record>(applied: SheetApply<Record>, results: readonly ChangeResult[] = applied.report?.results ?? []): string {
  if (applied.report === null) return applied.refusedBecause ?? 'Nothing was sent.';
  const { report, progress } = applied;
  const count = (state: string): number => results.filter((result) => result.state === state).length;
  if (progress !== null && progress.open > 0) {
    const when = progress.continueByMs !== null ? `The rest continue by ${continueByText(progress.continueByMs)} in the add-on's hourly run. ` : '';
    return `${progress.applied} of ${progress.planned} applied${progress.notApplied > 0 ? `, ${progress.notApplied} not applied` : ''}; ${progress.open} not finished.\nStopped: ${(report.stoppedBecause ?? 'time ran out').replace(/\.+$/, '')}. ${when}Review changes… and apply again to carry on: nothing is sent twice.`;
  }
  const parts = [
    `${count('applied')} applied`,
    count('awaiting') > 0 ? `${count('awaiting')} new invoice${count('awaiting') === 1 ? '' : 's'} awaiting ${applied.report.results[0]?.change.newInvoice ? 'Everflow' : 'Affise'}` : '',
    count('refused') + count('conflict') > 0 ? `${count('refused') + count('conflict')} not applied` : '',
    count('under-way') + count('queued') > 0 ? `${count('under-way') + count('queued')} not finished` : '',
  ].filter((part) => part !== '');
  const end = report.finished ? 'Each row says what became of it in Apply result; the Audit log sheet records every change.' : `Not finished: ${(report.stoppedBecause ?? 'time ran out').replace(/\.+$/, '')}. Review changes… and apply again to carry on: nothing is sent twice.`;
  return `${parts.join(', ')}.\n${end}`;
}
