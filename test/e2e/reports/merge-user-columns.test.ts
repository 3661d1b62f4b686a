/**
 * A merge report leaves the user's work alone: columns added to the right stay with their row
 * (a deleted row takes them with it), and formatting outside the report's columns never changes.
 */
import type { AddOnHarness } from '../../../test-support/harness';
import { userSpreadsheetApp } from '../../../tools/runner/report-document';
import { addReport, apiOf, runByTrigger, sheetValues, snapshotSheet, startReportsHarness } from '../support-reports/reports-harness';

const LINE_COLUMNS = 14;
const CHECKED = LINE_COLUMNS + 1;
const COMMENT = LINE_COLUMNS + 2;

let harness: AddOnHarness;
beforeEach(async () => {
  harness = await startReportsHarness({ api: { invoiceCount: 25 } });
});
afterEach(async () => {
  await harness.close();
});

it('keeps user columns attached to their rows and user formatting outside the report through a merge', async () => {
  const definition = addReport(harness, { id: 'lines', name: 'Lines', kind: 'lines', mode: 'merge', sheet: 'Lines', schedule: { frequency: 'hourly' } });
  runByTrigger(harness, definition);
  const first = sheetValues(harness, 'Lines', LINE_COLUMNS);
  const book = userSpreadsheetApp(harness).getActive();
  const sheet = book.getSheetByName('Lines');
  if (!sheet) throw new Error('The report wrote no sheet.');

  // The user's own columns: a checkbox-like flag and a comment naming the line, formatted, with notes.
  const rows = first.length - 1;
  sheet.getRange(1, CHECKED, 1, 2).setValues([['Checked', 'Comment']]);
  sheet.getRange(2, COMMENT, rows, 1).setNumberFormat('@');
  sheet.getRange(2, CHECKED, rows, 2).setValues(first.slice(1).map((row, index) => [index % 2 === 0, `about line ${String(row[1])}`]));
  sheet.getRange(2, COMMENT, rows, 1).setFontWeight('bold');
  sheet.getRange(3, COMMENT).setNote(`note on line ${String(first[2]?.[1])}`);
  // Formatting and content outside the report: far below and far to the right, and another sheet.
  sheet.getRange('Z200').setValue(0.25);
  sheet.getRange('Z200').setNumberFormat('0.00%');
  sheet.getRange(rows + 40, 1).setNumberFormat('yyyy-mm-dd');
  book.insertSheet('Mine').getRange('A1').setValue('=1+1');
  const mine = snapshotSheet(harness, 'Mine');
  const comments = new Map(first.slice(1).map((row, index) => [row[1], { checked: index % 2 === 0, comment: `about line ${String(row[1])}` }]));

  const api = apiOf(harness);
  const ids = await api.invoiceIds();
  await api.mutate({ kind: 'touch', ids: [ids[0] ?? 0, ids[3] ?? 0] });
  const removed = (await api.mutate({ kind: 'remove', ids: [ids[2] ?? 0, ids[5] ?? 0] })).ids;
  await api.mutate({ kind: 'add', count: 2 });
  const run = runByTrigger(harness, definition);
  expect(run.log).toMatchObject({ result: 'ok', requests: 1 + 2 + 2 });

  const model = harness.sheets.spreadsheet.sheet('Lines');
  const merged = sheetValues(harness, 'Lines', COMMENT);
  expect(merged[0]?.slice(LINE_COLUMNS)).toEqual(['Checked', 'Comment']);
  let withComment = 0;
  merged.slice(1).forEach((row, index) => {
    const sheetRow = index + 2;
    const lineId = row[1];
    const mark = comments.get(lineId ?? '');
    if (mark) {
      withComment += 1;
      expect(row.slice(LINE_COLUMNS)).toEqual([mark.checked, mark.comment]);
      expect(model.cellAt(sheetRow, COMMENT)?.fontWeight).toBe('bold');
      expect(model.numberFormatAt(sheetRow, COMMENT)).toBe('@');
      expect(model.cellAt(sheetRow, COMMENT)?.note ?? '').toBe(lineId === first[2]?.[1] ? `note on line ${String(lineId)}` : '');
    } else {
      // A new line: the user has not seen it yet.
      expect(row.slice(LINE_COLUMNS)).toEqual(['', '']);
      expect(removed).not.toContain(row[0]);
    }
  });
  // Every line of an invoice that stayed kept its comment; the removed invoices' rows left with theirs.
  const removedLines = first.slice(1).filter((row) => removed.includes(Number(row[0]))).length;
  expect(removedLines).toBeGreaterThan(0);
  const rowsDeleted = run.log?.rowsRemoved ?? 0;
  expect(withComment).toBe(rows - rowsDeleted);
  expect(merged.some((row) => removed.includes(Number(row[0])))).toBe(false);
  // Below the report, formatting and content moved up with the deleted rows, and nothing else changed.
  expect(model.typedValueAt(200 - rowsDeleted, 26)).toBe(0.25);
  expect(model.numberFormatAt(200 - rowsDeleted, 26)).toBe('0.00%');
  expect(model.numberFormatAt(rows + 40 - rowsDeleted, 1)).toBe('yyyy-mm-dd');
  expect(snapshotSheet(harness, 'Mine')).toEqual(mine);
  expect(model.frozenRows).toBe(1);
});
