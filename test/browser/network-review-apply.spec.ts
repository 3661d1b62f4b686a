/**
 * Review changes… in the playground with the network demo account (`npm start -- --role network`):
 * the editable "Network invoices" report edited in the grid (a status, notes, a status Everflow
 * does not have, a new invoice whose line item is typed on the lines sheet), the Changes panel
 * reviewing it (the new invoice's total per partner, its currency not given), "Apply N changes":
 * the fake Everflow's journal gets the status in a PATCH, the notes in a PUT and the new invoice in
 * a POST, each once; the line item says which invoice it went into; applying again sends nothing;
 * an invoice changed in Everflow since the refresh (time_saved) is not sent and its row says so.
 * Waits on what the page shows, never on time.
 */
import type { FakeEverflowHandle, FakeInvoice } from '../../test-support/fake-everflow';
import { invoiceTotals, QUIRKS_OFF } from '../../test-support/fake-everflow';
import { EDITABLE_NETWORK_REPORT } from '../../tools/playground/server';
import { saveScreenshot } from './support/artifacts';
import { gridCell, openPlayground, showSheet, waitForText, type PlaygroundSession } from './support/playground';
import { changesPanel, openAuditLog, reportSheet, resultStates, reviewChanges, typeIn, type ReportSheet } from './support/review';

const SHEET = EDITABLE_NETWORK_REPORT.sheet;
const LINES = `${SHEET} - new lines`;
const PARTNER = 21;
const HOSTILE = '<img src=x onerror=alert(1)>';
let session: PlaygroundSession;

beforeAll(async () => {
  session = await openPlayground({ role: 'network', editableNetworkReport: true, fakeApi: { seed: 5, invoiceCount: 12, networkAffiliateIds: [PARTNER, 22], quirks: QUIRKS_OFF } });
  await session.sidebar.getByRole('tab', { name: 'Changes' }).click();
});
afterAll(async () => {
  await session?.close();
});

const everflow = (): FakeEverflowHandle => {
  const fake = session.playground.harness.api;
  if (!fake) throw new Error('The playground started no fake Everflow.');
  return fake;
};
const sheetNow = (): ReportSheet => reportSheet(session, SHEET);
const panel = () => changesPanel(session);

/** The fake's journal of changes it accepted: "PATCH 7", "PUT 8", "POST 31". */
async function writes(): Promise<string[]> {
  return (await everflow().journal()).map((entry) => `${entry.method} ${entry.invoiceIds.join(',')}`);
}

/** Rows of unpaid invoices a PUT may replace (no extra periods), top to bottom. */
async function editableRows(sheet: ReportSheet): Promise<number[]> {
  const invoices = new Map((await everflow().networkInvoices()).map((invoice) => [String(invoice.id), invoice]));
  const fits = (invoice: FakeInvoice | undefined): boolean => invoice !== undefined && invoice.deleted !== true && invoiceTotals(invoice).status === 'unpaid' && invoice.extraPeriods.length === 0;
  return sheet.invoiceRows().filter((row) => fits(invoices.get(sheet.text(row, 'Invoice ID'))));
}

describe('Review changes… on the network demo', () => {
  const ids = { status: '', notes: '', created: '' };

  test('reviews a status, notes, a new invoice and a refused row; applies each once; applying again sends nothing', async () => {
    const { page } = session;
    await showSheet(page, SHEET);
    const before = sheetNow();
    const [statusRow = 0, notesRow = 0, refusedRow = 0] = await editableRows(before);
    if (refusedRow === 0) throw new Error('The demo has too few unpaid invoices without extra periods.');
    ids.status = before.text(statusRow, 'Invoice ID');
    ids.notes = before.text(notesRow, 'Invoice ID');
    const newRow = before.rows + 1;

    await typeIn(session, before.a1(statusRow, 'Status'), 'paid');
    await typeIn(session, before.a1(notesRow, 'Notes'), HOSTILE);
    await typeIn(session, before.a1(refusedRow, 'Status'), 'settled');
    await typeIn(session, before.a1(newRow, 'Affiliate ID'), String(PARTNER));
    await typeIn(session, before.a1(newRow, 'Period start'), '2026-10-01');
    await typeIn(session, before.a1(newRow, 'Period end'), '2026-10-31');
    await typeIn(session, before.a1(newRow, 'New invoice key'), 'A');
    await showSheet(page, LINES);
    for (const [a1 = '', text = '', shown = text] of [['A2', 'A'], ['B2', 'adjustment'], ['D2', '120.50', '120.5'], ['F2', 'October bonus']]) await typeIn(session, a1, text, shown);
    await showSheet(page, SHEET);

    await reviewChanges(session);
    expect((await panel().locator('#review-changes li').allTextContents()).sort()).toEqual(
      [
        `Invoice ${ids.status}: status unpaid → paid`,
        `Invoice ${ids.notes}: notes ${before.text(notesRow, 'Notes') || '(empty)'} → ${HOSTILE}`,
        `New invoice for partner ${PARTNER}: 2026-10-01 – 2026-10-31, 1 line, 120.50`,
      ].sort(),
    );
    await waitForText(panel().locator('#review-counts p'), '2 updates · 1 new invoice');
    // No currency is sent with a new invoice: its total stands alone, per partner, and says so.
    expect(await panel().locator('#review-totals tbody tr').allTextContents()).toEqual([`Partner ${PARTNER} (currency not given)0.00120.50`]);
    await waitForText(panel().locator('#review-totals-note'), "Everflow's new invoices are sent without a currency");
    await waitForText(panel().locator('#review-confirm-text'), `partner ${PARTNER}, currency not given (Everflow sets it): new invoices 120.50`);
    expect(await panel().locator('#review-refused li').allTextContents()).toEqual([`Row ${refusedRow}: "settled" is not a status (use paid, unpaid, deleted).`]);
    expect(await session.sidebar.locator('img').count()).toBe(0);
    expect(await writes()).toEqual([]);
    await saveScreenshot(page, 'network-review');

    await panel().getByRole('button', { name: 'Apply 3 changes' }).click();
    expect(await resultStates(session)).toEqual(['applied', 'applied', 'applied']);
    await waitForText(panel().locator('#review-summary'), '3 applied.');
    const journal = await writes();
    const created = journal.find((entry) => entry.startsWith('POST '))?.slice('POST '.length) ?? '';
    ids.created = created;
    expect([...journal].sort()).toEqual([`PATCH ${ids.status}`, `POST ${created}`, `PUT ${ids.notes}`].sort());
    expect((await everflow().journal()).filter((entry) => entry.kind === 'payment')).toEqual([]);
    const after = sheetNow();
    await waitForText(gridCell(page, after.a1(statusRow, 'Apply result')), '✓ Applied at');
    await waitForText(gridCell(page, after.a1(newRow, 'Invoice ID')), created);
    await saveScreenshot(page, 'network-applied');
    // The line item says which invoice it went into.
    await showSheet(page, LINES);
    await waitForText(gridCell(page, 'G2'), `✓ Created in invoice ${created}.`);

    await openAuditLog(session);
    await saveScreenshot(page, 'network-audit-log');
    await showSheet(page, SHEET);

    // Reviewed and applied again: nothing pending, nothing sent, the line item not proposed again.
    await reviewChanges(session);
    await waitForText(panel().locator('#review-confirm'), 'Nothing to send.');
    expect(await writes()).toEqual(journal);
  });

  test('an invoice changed in Everflow since the refresh is not sent: its row says so', async () => {
    const { page, playground } = session;
    const sheet = sheetNow();
    const row = (await editableRows(sheet)).find((candidate) => sheet.text(candidate, 'Apply result') === '') ?? 0;
    const id = sheet.text(row, 'Invoice ID');
    await typeIn(session, sheet.a1(row, 'Internal notes'), 'checked by finance');
    await reviewChanges(session);
    await waitForText(panel().getByRole('button', { name: 'Apply 1 change' }), 'Apply 1 change');
    // Someone edits it in Everflow meanwhile: its time_saved moves on.
    playground.harness.clock.advance(5_000);
    await everflow().mutate({ kind: 'touch', ids: [Number(id)], changes: { notes: 'changed in Everflow' } });
    const sent = await writes();
    await panel().getByRole('button', { name: 'Apply 1 change' }).click();
    expect(await resultStates(session)).toEqual(['conflict']);
    await waitForText(panel().locator('#review-results li'), `✗ Not sent: invoice ${id} changed in Everflow since the last refresh`);
    await waitForText(gridCell(page, sheet.a1(row, 'Apply result')), `✗ Not sent: invoice ${id} changed in Everflow since the last refresh`);
    expect(await writes()).toEqual(sent);
    expect(session.pageErrors).toEqual([]);
    expect(session.dialogs).toEqual([]);
  });
});
