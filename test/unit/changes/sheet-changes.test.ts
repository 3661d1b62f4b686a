import { AffiseChangeProvider, rememberAffisePayment } from '../../../src/app/changes/affise-changes';
import { AuditLogSheet } from '../../../src/app/changes/audit-sheet';
import { ContinuationStore } from '../../../src/app/changes/continuation';
import { applySheet, NOTHING_CONFIRMED, reviewSheet, type SheetChangesContext } from '../../../src/app/changes/sheet-changes';
import { Deadline } from '../../../src/ports/clock';
import type { SheetCell } from '../../../src/ports/spreadsheet';
import { AffiseClient } from '../../../src/provider/affise/client';
import type { AffisePayment } from '../../../src/provider/affise/normalize';
import { SharedClock } from '../../../test-support/clock';
import { AFFISE_QUIRKS_OFF, DEMO_AFFISE_KEY, startFakeAffise, type FakeAffiseHandle } from '../../../test-support/fake-affise';
import { MemoryProperties } from '../../../test-support/memory-ports';
import { SyncHttpPort } from '../../../test-support/sync-http-port';
import { MemoryLock, MemoryTriggers } from '../reports/support/harness';
import { MemorySpreadsheet } from '../../../test-support/memory-spreadsheet';
import { editableAffiseHeaders, writeEditableAffiseSheet } from './support/affise-invoice-sheet';

const HEADERS = editableAffiseHeaders('My column');

describe('Review and apply on an editable Affise invoice sheet (fake Affise)', () => {
  const clock = SharedClock.virtual();
  const http = new SyncHttpPort(clock);
  let fake: FakeAffiseHandle;
  let client: AffiseClient;
  const deadline = (): Deadline => Deadline.after(clock, 300_000);

  beforeAll(async () => {
    fake = await startFakeAffise({ clock, seed: 5, paymentCount: 60, quirks: AFFISE_QUIRKS_OFF, latencyMs: 20, creationDelayMs: 120_000 });
    client = new AffiseClient({ http, clock, sleeper: clock, apiKey: DEMO_AFFISE_KEY, baseUrl: fake.baseUrl, random: () => 0.5 });
  });

  afterAll(async () => {
    await fake.close();
    await http.close();
  });

  /** A sheet as an editable report's refresh leaves it, and its memory. */
  function setup(payments: readonly AffisePayment[]) {
    const book = new MemorySpreadsheet();
    const sheet = writeEditableAffiseSheet(book, { sheetName: 'Affise invoices', reportId: 'inv', headers: HEADERS, payments, ownCell: (payment) => `mine ${payment.id}` });
    const context: SheetChangesContext<AffisePayment> = {
      spreadsheet: book,
      sheetName: 'Affise invoices',
      reportId: 'inv',
      provider: new AffiseChangeProvider(client, () => clock.now()),
      remember: rememberAffisePayment,
      properties: new MemoryProperties(),
      lock: new MemoryLock(clock),
      clock,
      audit: new AuditLogSheet(book),
      user: 'finance@demo-network.test',
      account: 'Demo Affise',
    };
    const set = (row: number, header: string, value: SheetCell): void => sheet.writeBlock(row, HEADERS.indexOf(header) + 1, [[value]], [['@']]);
    const get = (row: number, header: string): SheetCell => sheet.readValues({ row, column: HEADERS.indexOf(header) + 1, rows: 1, columns: 1 })[0]?.[0] ?? '';
    return { book, sheet, context, set, get };
  }

  it('reviews valid and refused rows, applies on confirmation, refreshes rows, audits, and finds nothing left', async () => {
    const payments = client.listPaymentsByIds((await fake.payments()).slice(0, 5).map((payment) => payment.id), deadline());
    const [a, b, c] = payments;
    if (!a || !b || !c) throw new Error('seed');
    const { sheet, context, set, get, book } = setup(payments);
    const partner = (await fake.partners())[0]?.id ?? 0;
    set(2, 'Status', a.status === 'completed' ? 'declined' : 'Completed');
    set(3, 'Correction', '-15.00');
    set(3, 'Correction comment', 'chargeback');
    set(4, 'Delete', true);
    set(5, 'Status', 'paid');
    // A new invoice typed at the bottom.
    sheet.writeBlock(7, 1, [['', String(partner), '', 'EUR', '120', '', '', 'bonus']], [['@', '@', '@', '@', '@', '@', '@', '@']]);

    await fake.clearJournal();
    const review = reviewSheet(context, deadline());
    expect(review.summary.lines).toEqual([
      `Invoice ${a.id}: status ${a.status} → ${a.status === 'completed' ? 'declined' : 'completed'}`,
      `Invoice ${b.id}: correction −15.00 ${b.currency} ("chargeback")`,
      `Delete invoice ${c.id}`,
      `New invoice for affiliate ${partner}: 120.00 EUR`,
    ]);
    expect(review.confirmText).toMatch(/^Apply 4 changes\?\n1 update, 1 correction, 1 deletion, 1 new invoice/);
    expect(review.refused.map((refusal) => refusal.sheetRow)).toEqual([5]);
    expect(get(5, 'Apply result')).toBe('✗ Not sent: "paid" is not a status (use waiting, completed, partly paid, pending, declined).');
    expect(sheet.backgroundAt(5, HEADERS.indexOf('Apply result') + 1)).toBe('#f4cccc');
    expect(String(get(7, 'Notes'))).toMatch(/^bonus \[ref:[a-z0-9]+\]$/);
    expect(await fake.journal()).toEqual([]);

    // The user confirmed 4, but the sheet now holds 5: nothing is sent.
    const typedBefore = get(6, 'Comment');
    set(6, 'Comment', 'late edit');
    expect(applySheet(context, review.confirmed, deadline()).refusedBecause).toMatch(/The sheet changed since review \(5 changes now, 4 confirmed\)/);
    // Still 4, but not the 4 confirmed: nothing is sent either.
    set(2, 'Status', a.status ?? '');
    expect(applySheet(context, review.confirmed, deadline()).refusedBecause).toMatch(/The sheet changed since review \(4 changes now, 4 confirmed\)/);
    expect(await fake.journal()).toEqual([]);
    set(6, 'Comment', typedBefore);
    set(2, 'Status', a.status === 'completed' ? 'declined' : 'Completed');

    const applied = applySheet(context, review.confirmed, deadline());
    expect(applied.report?.results.map((result) => result.state)).toEqual(['applied', 'applied', 'applied', 'awaiting']);
    expect(String(get(2, 'Apply result'))).toMatch(/^✓ Applied at /);
    expect(sheet.backgroundAt(2, HEADERS.indexOf('Apply result') + 1)).toBe('#d9ead3');
    expect(get(2, 'My column')).toBe(`mine ${a.id}`);
    expect(get(3, 'Correction')).toBe('');
    // The deleted invoice's row is gone, user column with it; the new row moved up.
    expect(get(4, 'Invoice ID')).toBe(String(payments[3]?.id));
    expect(String(get(6, 'Apply result'))).toMatch(/^… Sent at .* creates the invoice in a few minutes/);
    const journal = await fake.journal();
    expect(journal.map((entry) => entry.operation)).toEqual(['update', 'add-correction', 'bulk-delete', 'create-for-affiliate']);

    // Later, Affise has created it: applying again binds the row and sends nothing.
    clock.advance(130_000);
    const bound = applySheet(context, NOTHING_CONFIRMED, deadline());
    expect(bound.refusedBecause).toBeNull();
    expect(bound.report?.results.find((result) => result.change.action === 'create')).toMatchObject({ state: 'applied' });
    const created = bound.report?.results.find((result) => result.change.action === 'create')?.createdId;
    expect(get(6, 'Invoice ID')).toBe(created);
    expect(await fake.journal()).toHaveLength(4);

    // Nothing is pending any more; the refused row still is refused.
    const again = reviewSheet(context, deadline());
    expect(again.plan.changes).toEqual([]);
    // (the deleted row is gone, so the refused row is now row 4)
    expect(again.refused.map((refusal) => refusal.sheetRow)).toEqual([4]);

    const log = book.sheetByName('Audit log');
    const audit = log?.readValues({ row: 2, column: 1, rows: (log?.lastRow() ?? 1) - 1, columns: 9 }) ?? [];
    expect(audit.map((row) => `${String(row[3]).replace(/^\d+ \(token/, 'N (token')} ${row[4]} ${row[7]}`)).toEqual([
      `${a.id} update applied`,
      `${b.id} correction applied`,
      `${c.id} delete applied`,
      expect.stringMatching(/^new \(token [a-z0-9]+\) create accepted \(created later\)$/),
      expect.stringMatching(/^N \(token [a-z0-9]+\) create created as invoice \d+$/),
    ]);
    expect(audit[0]?.[1]).toBe('finance@demo-network.test');
    expect(book.sheetByName('Audit log')?.protections).toEqual([{ description: expect.stringMatching(/do not edit it by hand/), warningOnly: true }]);
  });

  it('does not change an invoice edited in Affise since the last refresh, and says what to do', async () => {
    const payments = client.listPaymentsByIds((await fake.payments()).slice(10, 12).map((payment) => payment.id), deadline());
    const [a] = payments;
    if (!a) throw new Error('seed');
    const { context, set, get } = setup(payments);
    set(2, 'Comment', 'approved by finance');
    const review = reviewSheet(context, deadline());
    expect(review.summary.lines).toEqual([`Invoice ${a.id}: comment ${a.comment === '' || a.comment === null ? '(empty)' : a.comment} → approved by finance`]);
    clock.advance(2_000);
    await fake.mutate({ kind: 'touch', ids: [a.id] });
    await fake.clearJournal();
    const applied = applySheet(context, review.confirmed, deadline());
    expect(applied.report?.results[0]?.state).toBe('conflict');
    expect(get(2, 'Apply result')).toBe(`✗ Not sent: invoice ${a.id} changed in Affise since the last refresh. Refresh, then review again.`);
    expect(await fake.journal()).toEqual([]);
  });

  it('stops an apply that runs out of time, says when the rest continues, and continues only the confirmed plan', async () => {
    const payments = client.listPaymentsByIds((await fake.payments()).slice(20, 24).map((payment) => payment.id), deadline());
    const { context, set, get } = setup(payments);
    const triggers = new MemoryTriggers();
    const withTriggers = { ...context, triggers };
    for (const row of [2, 3, 4]) set(row, 'Notes', `checked ${row}`);
    const review = reviewSheet(withTriggers, deadline());
    await fake.clearJournal();
    // Each request takes 600 ms: 6 s leave room for the conflict read and one update before the 5 s margin.
    await fake.configure({ latencyMs: 600 });
    const startedMs = clock.now();
    const stopped = applySheet(withTriggers, review.confirmed, new Deadline(clock, clock.now() + 6_000));
    await fake.configure({ latencyMs: 20 });
    const continueByMs = clock.now() + 3_600_000;
    expect(stopped.progress).toEqual({ planned: 3, applied: 1, notApplied: 0, open: 2, continueByMs });
    expect(triggers.triggers.map((trigger) => trigger.handler)).toEqual(['onReportsTrigger']);
    expect(new ContinuationStore(context.properties).get('inv')).toEqual({ reportId: 'inv', user: 'finance@demo-network.test', sinceMs: startedMs, continueByMs, stopped: true });
    const by = `${new Date(continueByMs).toISOString().replace('T', ' ').slice(0, 16)} UTC`;
    expect(get(4, 'Apply result')).toBe(`… Confirmed; not sent yet. Continues by ${by} (the add-on's hourly run), or at once if you apply again.`);

    set(5, 'Notes', 'typed after the review');
    // Row 2's update was sent before the stop, its row not read back then: an edit typed on it since is kept when it is.
    set(2, 'Comment', 'typed later');
    const continued = applySheet(withTriggers, NOTHING_CONFIRMED, deadline());
    expect(continued.progress).toEqual({ planned: 3, applied: 3, notApplied: 0, open: 0, continueByMs: null });
    expect((await fake.journal()).filter((entry) => entry.applied).map((entry) => String(entry.paymentId))).toEqual(payments.slice(0, 3).map((payment) => String(payment.id)));
    expect(new ContinuationStore(context.properties).list()).toEqual([]);
    // No report is scheduled: the trigger the apply installed goes with it.
    expect(triggers.triggers).toEqual([]);
    expect(get(5, 'Apply result')).toBe('');
    expect([get(2, 'Notes'), get(2, 'Comment')]).toEqual(['checked 2', 'typed later']);
    const [first, , , fifth] = payments;
    expect(reviewSheet(withTriggers, deadline()).summary.lines.sort()).toEqual(
      [`Invoice ${first?.id ?? ''}: comment ${first?.comment || '(empty)'} → typed later`, `Invoice ${fifth?.id ?? ''}: notes ${fifth?.notes || '(empty)'} → typed after the review`].sort(),
    );
    const audit = context.spreadsheet.sheetByName('Audit log');
    const results = audit?.readValues({ row: 2, column: 5, rows: audit.lastRow() - 1, columns: 4 }).map((row) => `${String(row[0])}: ${String(row[3])}`);
    expect(results).toEqual([
      'update: applied',
      `apply: stopped: 1 of 3 applied; the rest (2) continue by ${by} or when applied again`,
      'update: applied',
      'update: applied',
      'apply: finished: 3 of 3 applied',
    ]);
  });
});
