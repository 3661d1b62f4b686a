/**
 * Review changes… in the playground: the demo's editable Affise invoices report edited in the
 * grid, the sidebar's Changes panel reviewing it (valid and refused rows in words, counts and
 * totals), Cancel (nothing sent), "Apply N changes" (each change once in the fake's journal, the
 * results, the Audit log), a conflict (the invoice changed in Affise after the refresh), and an
 * apply that fails half-way (faults injected in the fake) and is then applied again: nothing sent
 * twice. Waits on what the page shows, never on time.
 */
import type { Locator } from 'playwright-core';
import { AFFISE_QUIRKS_OFF, type FakeAffiseHandle } from '../../test-support/fake-affise';
import { EDITABLE_AFFISE_REPORT } from '../../tools/playground/server';
import { saveScreenshot } from './support/artifacts';
import { gridCell, openPlayground, showSheet, waitForText, UI_TIMEOUT_MS, type PlaygroundSession } from './support/playground';
import { changesPanel, openAuditLog, reportSheet as sharedReportSheet, resultStates, reviewChanges, typeIn as sharedTypeIn, type ReportSheet } from './support/review';

const SHEET = EDITABLE_AFFISE_REPORT.sheet;
const HOSTILE = '<img src=x onerror=alert(1)>';
let session: PlaygroundSession;

beforeAll(async () => {
  session = await openPlayground({ editableAffiseReport: true, fakeAffise: { paymentCount: 12, quirks: AFFISE_QUIRKS_OFF } });
  await session.sidebar.getByRole('tab', { name: 'Changes' }).click();
});
afterAll(async () => {
  await session?.close();
});

const affise = (): FakeAffiseHandle => {
  const fake = session.playground.harness.affise;
  if (!fake) throw new Error('The playground started no fake Affise.');
  return fake;
};

const reportSheet = () => sharedReportSheet(session, SHEET);
const typeIn = (a1: string, text: string, shown = text): Promise<void> => sharedTypeIn(session, a1, text, shown);
const panel = (): Locator => changesPanel(session);
const review = (): Promise<void> => reviewChanges(session);

/** Invoice rows no apply has touched yet (empty Apply result). */
function untouched(sheet: ReportSheet): number[] {
  return sheet.invoiceRows().filter((row) => sheet.text(row, 'Apply result') === '');
}

async function appliedWrites(): Promise<Array<{ operation: string; paymentId: number | null }>> {
  return (await affise().journal()).filter((entry) => entry.applied).map((entry) => ({ operation: entry.operation, paymentId: entry.paymentId }));
}

describe('Review changes… in the sidebar', () => {
  let ids: Record<'status' | 'corrected' | 'deleted', string> = { status: '', corrected: '', deleted: '' };

  test('lists valid changes in words with counts and totals and refused rows with reasons; Cancel sends nothing', async () => {
    const { page } = session;
    await showSheet(page, SHEET);
    const before = reportSheet();
    const rows = before.invoiceRows();
    const statusRow = rows.find((row) => before.text(row, 'Status') !== 'completed') ?? 0;
    const [correctedRow = 0, deletedRow = 0, invalidRow = 0] = rows.filter((row) => row !== statusRow);
    const newRow = before.rows + 1;
    ids = { status: before.text(statusRow, 'Invoice ID'), corrected: before.text(correctedRow, 'Invoice ID'), deleted: before.text(deletedRow, 'Invoice ID') };
    const oldStatus = before.text(statusRow, 'Status');
    const currency = before.text(correctedRow, 'Currency');
    const [partner] = await affise().partners();

    await typeIn(before.a1(statusRow, 'Status'), 'completed');
    await typeIn(before.a1(statusRow, 'Notes'), HOSTILE);
    await typeIn(before.a1(correctedRow, 'Correction'), '-15.00', '-15');
    await typeIn(before.a1(correctedRow, 'Correction comment'), 'chargeback');
    // Delete is a checkbox: a click ticks it.
    const tick = gridCell(page, before.a1(deletedRow, 'Delete'));
    await waitForText(tick, '☐');
    await tick.click();
    await page.locator(`#grid td[data-cell="${before.a1(deletedRow, 'Delete')}"][data-checked="true"]`).waitFor({ timeout: UI_TIMEOUT_MS });
    await typeIn(before.a1(invalidRow, 'Status'), 'paid');
    await typeIn(before.a1(newRow, 'Affiliate ID'), String(partner?.id ?? ''));
    await typeIn(before.a1(newRow, 'Amount'), '120');
    await typeIn(before.a1(newRow, 'Currency'), currency);
    await typeIn(before.a1(newRow, 'Notes'), 'bonus');

    await review();
    const changes = panel().locator('#review-changes li');
    // In the sheet's row order: compared as a set.
    expect((await changes.allTextContents()).sort()).toEqual([
      `Invoice ${ids.status}: status ${oldStatus} → completed; notes ${before.text(statusRow, 'Notes') || '(empty)'} → ${HOSTILE}`,
      `Invoice ${ids.corrected}: correction −15.00 ${currency} ("chargeback")`,
      `Delete invoice ${ids.deleted}`,
      `New invoice for affiliate ${partner?.id ?? ''}: 120.00 ${currency}`,
    ].sort());
    await waitForText(panel().locator('#review-counts p'), '1 update · 1 correction · 1 deletion · 1 new invoice');
    expect(await panel().locator('#review-totals tbody tr').allTextContents()).toEqual([`${currency}−15.00120.00`]);
    expect(await panel().locator('#review-refused li').allTextContents()).toEqual([expect.stringMatching(new RegExp(`^Row ${invalidRow}: "paid" is not a status`)) as unknown as string]);
    await waitForText(panel().locator('#review-confirm-text'), 'Apply 4 changes?');
    await waitForText(panel().locator('#review-confirm-text'), '1 update, 1 correction, 1 deletion, 1 new invoice');
    await waitForText(panel().locator('#review-confirm-text'), `${currency}: corrections −15.00, new invoices 120.00`);
    await waitForText(panel().getByRole('button', { name: 'Apply 4 changes' }), 'Apply 4 changes');
    // The refused row says why in the sheet too.
    const reason = gridCell(page, reportSheet().a1(invalidRow, 'Apply result'));
    await waitForText(reason, '✗ Not sent: "paid" is not a status');
    await reason.click();
    // Text from the sheet is text: no element made from it, no dialog opened.
    expect(await session.sidebar.locator('img').count()).toBe(0);
    await saveScreenshot(page, 'review-changes');

    await panel().getByRole('button', { name: 'Cancel' }).click();
    await waitForText(panel().locator('#review-notice'), 'Cancelled: nothing was sent.');
    expect(await affise().journal()).toEqual([]);
    expect(session.dialogs).toEqual([]);
  });

  test('"Apply 4 changes" sends each change once, shows what became of each and opens the Audit log', async () => {
    const { page } = session;
    await review();
    await panel().getByRole('button', { name: 'Apply 4 changes' }).click();
    const results = panel().locator('#review-results li');
    await results.first().waitFor({ timeout: UI_TIMEOUT_MS });
    expect((await resultStates(session)).sort()).toEqual(['applied', 'applied', 'applied', 'awaiting']);
    await waitForText(panel().locator('#review-summary'), '3 applied, 1 new invoice awaiting Affise.');
    await waitForText(results.filter({ hasText: `Delete invoice ${ids.deleted}` }), '✓ Applied at');
    expect((await appliedWrites()).map((write) => write.operation).sort()).toEqual(['add-correction', 'bulk-delete', 'create-for-affiliate', 'update']);
    const after = reportSheet();
    const statusRow = after.invoiceRows().find((row) => after.text(row, 'Invoice ID') === ids.status) ?? 0;
    await waitForText(gridCell(page, after.a1(statusRow, 'Apply result')), '✓ Applied at');
    await saveScreenshot(page, 'review-applied');

    await openAuditLog(session);
    await saveScreenshot(page, 'review-audit-log');
    await showSheet(page, SHEET);

    // Reviewed again: nothing pending, nothing sent twice.
    const writes = (await affise().journal()).length;
    await review();
    await waitForText(panel().locator('#review-confirm'), 'Nothing to send.');
    expect((await affise().journal()).length).toBe(writes);
  });

  test('an invoice changed in Affise since the refresh is not sent: its row says so', async () => {
    const { page } = session;
    const sheet = reportSheet();
    const row = untouched(sheet)[0] ?? 0;
    const id = sheet.text(row, 'Invoice ID');
    await typeIn(sheet.a1(row, 'Comment'), 'approved by finance');
    await review();
    await waitForText(panel().getByRole('button', { name: 'Apply 1 change' }), 'Apply 1 change');
    // Someone edits it in Affise meanwhile.
    await affise().mutate({ kind: 'touch', ids: [Number(id)] });
    const writes = (await affise().journal()).length;
    await panel().getByRole('button', { name: 'Apply 1 change' }).click();
    const result = panel().locator('#review-results li');
    await result.first().waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await resultStates(session)).toEqual(['conflict']);
    await waitForText(result, `✗ Not sent: invoice ${id} changed in Affise since the last refresh. Refresh, then review again.`);
    await waitForText(gridCell(page, sheet.a1(row, 'Apply result')), `✗ Not sent: invoice ${id} changed in Affise since the last refresh.`);
    expect((await affise().journal()).length).toBe(writes);
    await saveScreenshot(page, 'review-conflict');
    // Put back, so the next review does not carry it.
    sheet.sheet.getRange(sheet.a1(row, 'Comment')).setValue(sheet.text(row, 'Comment'));
  });

  test('an apply that fails half-way says what is unknown; applied again, it checks Affise first and sends nothing twice', async () => {
    const { page, playground } = session;
    // Minutes later Affise has created the new invoice: a review with nothing pending binds it to its row (reads only).
    playground.harness.clock.advance(10 * 60_000);
    await panel().getByRole('button', { name: 'Review changes…' }).click();
    await waitForText(panel().locator('.review-note'), 'No pending changes');
    await waitForText(panel().locator('.review-note'), '1 applied.');
    const sheet = reportSheet();
    const rows = untouched(sheet).slice(-2);
    const edited = rows.map((row) => sheet.text(row, 'Invoice ID'));
    for (const [index, row] of rows.entries()) await typeIn(sheet.a1(row, 'Payment account'), `IBAN-${index + 1}`);
    await review();
    await waitForText(panel().getByRole('button', { name: 'Apply 2 changes' }), 'Apply 2 changes');

    // From the fourth request of the apply on (a currency read, the conflict read, the first write), Affise answers 503.
    await affise().resetStats();
    await affise().configure({ faults: { plan: Object.fromEntries(Array.from({ length: 40 }, (_, index) => [index + 3, '503'])) } });
    await panel().getByRole('button', { name: 'Apply 2 changes' }).click();
    const results = panel().locator('#review-results li');
    await results.first().waitFor({ timeout: UI_TIMEOUT_MS });
    const states = await resultStates(session);
    expect(states.filter((state) => state !== 'applied').length).toBeGreaterThan(0);
    await waitForText(panel().locator('#review-summary'), 'Review changes… and apply again to carry on: nothing is sent twice.');
    await saveScreenshot(page, 'review-half-applied');

    await affise().configure({ faults: { plan: {} } });
    await panel().getByRole('button', { name: 'Review again' }).click();
    await panel().locator('#review-confirm').waitFor({ timeout: UI_TIMEOUT_MS });
    await waitForText(panel().locator('.review-note'), 'of an earlier apply');
    await panel().locator('#review-apply').click();
    await waitForText(panel().locator('#review-summary'), 'Each row says what became of it in Apply result');
    const settled = await resultStates(session);
    expect(settled.length).toBeGreaterThan(0);
    expect(settled.every((state) => state === 'applied')).toBe(true);
    // Each edited invoice was changed in Affise exactly once, however the first apply ended.
    const updates = (await appliedWrites()).filter((write) => write.operation === 'update' && edited.includes(String(write.paymentId)));
    expect(updates.map((write) => String(write.paymentId)).sort()).toEqual([...edited].sort());
    expect(session.pageErrors).toEqual([]);
    expect(session.dialogs).toEqual([]);
  });
});
