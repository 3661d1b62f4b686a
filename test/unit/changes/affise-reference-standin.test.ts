/**
 * Review and apply against a second Affise, written here from ../shared/reference/affise-api.md
 * alone (not our fake): form-encoded writes only, `note` for the read side's `notes`, a bulk-delete
 * map beside `status` that partly fails and leaves an id out, `create-for-affiliate` answering no
 * id, a currency list with an inactive currency, and messages that echo the API key or start
 * with "=". What goes over the wire, what each row says, and that no piece of the key is kept
 * anywhere, are checked against that reading of the reference.
 */
import { AffiseChangeProvider, rememberAffisePayment } from '../../../src/app/changes/affise-changes';
import { applyPlan, confirmPlan } from '../../../src/app/changes/apply';
import type { AuditRow } from '../../../src/app/changes/audit';
import { AuditLogSheet } from '../../../src/app/changes/audit-sheet';
import { ChangeJournal } from '../../../src/app/changes/journal';
import { applySheet, NOTHING_CONFIRMED, reviewSheet, type SheetChangesContext } from '../../../src/app/changes/sheet-changes';
import { Deadline } from '../../../src/ports/clock';
import type { HttpOutcome, HttpPort, HttpRequest } from '../../../src/ports/http';
import type { SheetCell } from '../../../src/ports/spreadsheet';
import { AffiseClient } from '../../../src/provider/affise/client';
import type { AffisePayment } from '../../../src/provider/affise/normalize';
import { SharedClock } from '../../../test-support/clock';
import { MemoryProperties } from '../../../test-support/memory-ports';
import { MemoryLock } from '../reports/support/harness';
import { MemorySpreadsheet } from '../../../test-support/memory-spreadsheet';
import { editableAffiseHeaders, writeEditableAffiseSheet } from './support/affise-invoice-sheet';

const KEY = 'standin-key-7Hq2-Zr9x-secret';
const HOST = 'https://api-standin.affise.test';
type Json = Record<string, unknown>;

/** An Affise as the reference describes it, in memory, on a virtual clock. */
class ReferenceAffise implements HttpPort {
  readonly writes: Array<{ method: string; path: string; form: Array<[string, string]>; locked: boolean }> = [];
  /** Whether the document lock is held now (each write notes it). */
  lockHeld: () => boolean = () => false;
  readonly payments = new Map<number, Json>();
  /** Invoices created asynchronously, and when they show. */
  private readonly creating: Array<{ showAtMs: number; payment: Json }> = [];
  /** bulk-delete answers false for these, and leaves out of its map those in `unanswered` (deleting them anyway). */
  refuseDelete = new Set<number>();
  unanswered = new Set<number>();
  private nextId = 900;
  private nextCorrection = 1;

  constructor(
    private readonly clock: SharedClock,
    ids = [101, 102, 103, 104, 105, 106, 107, 108, 109],
  ) {
    for (const id of ids) this.payments.set(id, this.payment(id, 40 + (id % 2), id === 109 ? '=HYPERLINK("http://evil.test","x")' : ''));
  }

  fetch(request: HttpRequest): HttpOutcome {
    return this.fetchAll([request])[0] as HttpOutcome;
  }

  fetchAll(requests: readonly HttpRequest[]): HttpOutcome[] {
    const outcomes = requests.map((request) => this.answer(request));
    this.clock.advance(100);
    return outcomes;
  }

  private payment(id: number, aid: number, notes: string, revenue = '120.50000000', currency = ['1', 'USD']): Json {
    return {
      id,
      pid: aid,
      manager_id: null,
      posted_date: this.stamp(),
      pay_sys: '2',
      pay_sys_name: 'Wire',
      pay_acc: 'ACC-1',
      status: 1,
      revenue,
      ref_revenue: '0.00000000',
      currency: currency[0],
      currency_code: currency[1],
      comment: '',
      notes,
      cpa_actions: [],
      ref_ids: [],
      details: { details: {}, count: 0 },
      additional_payments: [],
      updated_at: this.stamp(),
    };
  }

  private stamp(): string {
    return new Date(this.clock.now()).toISOString().replace('T', ' ').slice(0, 19);
  }

  private answer(request: HttpRequest): HttpOutcome {
    const reply = (status: number, body: Json): HttpOutcome => ({ kind: 'response', status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (request.headers['API-Key'] !== KEY) return reply(401, { status: 2, message: 'Token is necessary' });
    for (const pending of this.creating.splice(0)) {
      if (pending.showAtMs <= this.clock.now()) this.payments.set(Number(pending.payment.id), pending.payment);
      else this.creating.push(pending);
    }
    const url = new URL(request.url);
    const path = url.pathname;
    const query = url.searchParams;
    const form = request.body === undefined ? [] : [...new URLSearchParams(request.body).entries()];
    const field = (name: string): string | undefined => form.find(([key]) => key === name)?.[1];
    const array = (params: Array<[string, string]>, name: string): string[] => params.filter(([key]) => key === `${name}[]` || new RegExp(`^${name}\\[\\d+\\]$`).test(key)).map(([, value]) => value);
    if (request.method !== 'get') {
      // Writes are form-encoded POSTs (and the two DELETEs); there is no PUT or PATCH, no JSON body.
      if (request.method === 'post' && request.headers['Content-Type'] !== 'application/x-www-form-urlencoded') return reply(400, { status: 2, message: 'form data expected' });
      this.writes.push({ method: request.method, path, form, locked: this.lockHeld() });
    }

    if (request.method === 'get' && path === '/3.1/payments') {
      if (!query.get('date_from') || !query.get('date_to')) return reply(400, { status: 2, message: 'date_from and date_to are required' });
      const params = [...query.entries()];
      const ids = array(params, 'id');
      const aids = array(params, 'aid');
      const rows = [...this.payments.values()].filter((row) => (ids.length === 0 || ids.includes(String(row.id))) && (aids.length === 0 || aids.includes(String(row.pid))));
      const page = Number(query.get('page') ?? '1');
      const limit = Math.min(100, Number(query.get('limit') ?? '100'));
      return reply(200, { status: 1, payments: rows.slice((page - 1) * limit, page * limit), pagination: { page, limit, total: rows.length } });
    }
    if (request.method === 'get' && path === '/3.0/admin/currency') {
      // Keyed by id; GBP is listed but not active on this account.
      return reply(200, { status: 1, quotes: { '1': { _id: 1, code: 'USD', active: true, default: true }, '2': { _id: 2, code: 'EUR', active: true }, '3': { _id: 3, code: 'GBP', active: false } } });
    }
    if (request.method === 'get' && path === '/3.0/admin/partners') {
      return reply(200, { status: 1, partners: [{ id: 40, name: 'A' }, { id: 41, name: 'B' }, { id: 45, name: 'C' }], pagination: { per_page: 100, total_count: 3, page: 1 } });
    }
    const update = /^\/3\.1\/payments\/(\d+)$/.exec(path);
    if (request.method === 'post' && update) {
      const row = this.payments.get(Number(update[1]));
      if (!row) return reply(404, { status: 2, message: 'Payment not found' });
      if (field('status') !== undefined) row.status = Number(field('status'));
      if (field('comment') !== undefined) row.comment = field('comment');
      if (field('note') !== undefined) row.notes = field('note');
      if (field('payment_account') !== undefined) row.pay_acc = field('payment_account');
      row.updated_at = this.stamp();
      return reply(200, { status: 1 });
    }
    const correction = /^\/3\.1\/payments\/(\d+)\/add-correction$/.exec(path);
    if (request.method === 'post' && correction) {
      const row = this.payments.get(Number(correction[1]));
      if (!row) return reply(404, { status: 2, message: 'Payment not found' });
      if (field('comment') === 'echo') return reply(400, { status: 2, message: `=cmd|'/C calc'!A0 key ${KEY} may not add corrections` });
      if (!field('revenue') || !field('comment')) return reply(400, { status: 2, message: 'revenue and comment are required' });
      const corrections = Array.isArray(row.additional_payments) ? {} : (row.additional_payments as Json);
      corrections[`c${this.nextCorrection++}`] = { posted_date: this.stamp(), revenue: field('revenue'), currency: row.currency, comment: field('comment') };
      row.additional_payments = corrections;
      row.updated_at = this.stamp();
      return reply(200, { status: 1 });
    }
    if (request.method === 'post' && path === '/3.1/payments/bulk-delete') {
      const map: Json = { status: 1 };
      for (const id of array(form, 'ids').map(Number)) {
        const deletable = this.payments.has(id) && !this.refuseDelete.has(id);
        if (deletable) this.payments.delete(id);
        if (!this.unanswered.has(id)) map[String(id)] = deletable;
      }
      return reply(200, map);
    }
    if (request.method === 'post' && path === '/3.1/payments/create-for-affiliate') {
      const aid = Number(field('aid'));
      const currency = field('currency');
      if (!/^\d+$/.test(currency ?? '')) return reply(400, { status: 2, message: 'currency must be a currency id' });
      const code = currency === '2' ? 'EUR' : 'USD';
      const id = this.nextId++;
      const revenue = `${Number(field('sum')).toFixed(8)}`;
      this.creating.push({ showAtMs: this.clock.now() + 180_000, payment: { ...this.payment(id, aid, field('note') ?? '', revenue, [currency ?? '', code]) } });
      return reply(200, { status: 1, message: 'Payment will be created in a few minutes' });
    }
    return reply(404, { status: 2, message: 'Not found' });
  }
}

const HEADERS = editableAffiseHeaders('Checked by');

describe('Review and apply against an Affise written from the reference alone', () => {
  const clock = SharedClock.virtual();
  const affise = new ReferenceAffise(clock);
  const client = new AffiseClient({ http: affise, clock, sleeper: clock, apiKey: KEY, baseUrl: HOST, random: () => 0.5 });
  const deadline = (): Deadline => Deadline.after(clock, 300_000);
  const payments = client.listPaymentsByIds([...affise.payments.keys()], deadline());
  const book = new MemorySpreadsheet();
  const sheet = writeEditableAffiseSheet(book, { sheetName: 'Invoices', reportId: 'inv', headers: HEADERS, payments, ownCell: (payment) => `checked ${payment.id}` });
  const properties = new MemoryProperties();
  const lock = new MemoryLock(clock);
  affise.lockHeld = () => lock.held;
  const context: SheetChangesContext<AffisePayment> = {
    spreadsheet: book,
    sheetName: 'Invoices',
    reportId: 'inv',
    provider: new AffiseChangeProvider(client, () => clock.now()),
    remember: rememberAffisePayment,
    properties,
    lock,
    clock,
    audit: new AuditLogSheet(book),
    user: 'finance@standin.test',
    account: 'Stand-in Affise',
  };
  const column = (header: string): number => HEADERS.indexOf(header) + 1;
  const rowOf = (id: number): number => {
    const ids = sheet.readValues({ row: 1, column: 1, rows: sheet.lastRow(), columns: 1 }).map((row) => String(row[0]));
    return ids.indexOf(String(id)) + 1;
  };
  const set = (row: number, header: string, value: SheetCell): void => sheet.writeBlock(row, column(header), [[value]], [['@']]);
  const get = (row: number, header: string): string => String(sheet.readValues({ row, column: column(header), rows: 1, columns: 1 })[0]?.[0] ?? '');

  it('refuses each row that cannot be sent, in the review and on the row in red; sends nothing', () => {
    set(rowOf(101), 'Status', 'paid');
    set(rowOf(102), 'Status', 'completed');
    set(rowOf(102), 'Delete', true);
    const bottom = sheet.lastRow();
    sheet.writeBlock(bottom + 1, 1, [['', '45', '', 'GBP', '10', '', '', 'inactive currency']], [Array(8).fill('@') as string[]]);
    sheet.writeBlock(bottom + 2, 1, [['', '46', '', 'EUR', '10', '', '', 'unknown affiliate']], [Array(8).fill('@') as string[]]);
    sheet.writeBlock(bottom + 3, 1, [['', '45', '', 'EUR', 'ten', '', '', 'not an amount']], [Array(8).fill('@') as string[]]);
    const review = reviewSheet(context, deadline());
    expect(review.plan.changes).toEqual([]);
    const reasons = new Map(review.refused.map((refusal) => [refusal.sheetRow, refusal.reason]));
    expect([...reasons.entries()].sort(([a], [b]) => a - b)).toEqual([
      [rowOf(101), '"paid" is not a status (use waiting, completed, partly paid, pending, declined).'],
      [rowOf(102), 'This row is both edited and marked for deletion: undo the edit or untick Delete.'],
      [bottom + 1, 'This account does not use the currency "GBP" (it uses EUR, USD).'],
      [bottom + 2, 'Affiliate 46 is not in this account.'],
      [bottom + 3, 'Amount must be a positive number such as 120.50, not "ten".'],
    ]);
    for (const [row, reason] of reasons) {
      expect(get(row, 'Apply result')).toBe(`✗ Not sent: ${reason}`);
      expect(sheet.backgroundAt(row, column('Apply result'))).toBe('#f4cccc');
    }
    expect(affise.writes).toEqual([]);
    // Put right: the refused rows become ordinary edits (or go).
    set(rowOf(101), 'Status', 'pending');
    set(rowOf(102), 'Status', 'declined');
    set(rowOf(102), 'Delete', false);
    sheet.deleteRows(bottom + 1, 3);
  });

  it('sends, under the document lock, updates, corrections, deletions (one bulk-delete read id by id), then creations, each as the reference spells it', () => {
    set(rowOf(103), 'Notes', 'paid by wire');
    set(rowOf(103), 'Payment account', 'IBAN 1');
    set(rowOf(104), 'Correction', '-15');
    set(rowOf(104), 'Correction comment', 'chargeback');
    set(rowOf(105), 'Correction', '5');
    set(rowOf(105), 'Correction comment', 'echo');
    for (const id of [106, 107, 108]) set(rowOf(id), 'Delete', true);
    affise.refuseDelete = new Set([107]);
    affise.unanswered = new Set([108]);
    const bottom = sheet.lastRow();
    sheet.writeBlock(bottom + 1, 1, [['', '45', '', 'EUR', '250', '', '', 'bonus']], [Array(8).fill('@') as string[]]);

    const review = reviewSheet(context, deadline());
    expect(review.summary.counts).toEqual({ update: 3, correction: 2, delete: 3, create: 1 });
    expect(review.summary.totals).toEqual([
      { currency: 'EUR', corrections: '0.00', creations: '250.00' },
      { currency: 'USD', corrections: '-10.00', creations: '0.00' },
    ]);
    const token = /\[ref:([A-Za-z0-9_-]+)\]/.exec(get(bottom + 1, 'Notes'))?.[1] ?? '';
    expect(token).not.toBe('');

    // Another run holds the document lock: nothing is sent.
    lock.heldElsewhere = true;
    expect(applySheet(context, review.confirmed, deadline()).refusedBecause).toBe('Another run is using this document (a refresh or an apply). Nothing was sent; try again in a minute.');
    expect(affise.writes).toEqual([]);
    lock.heldElsewhere = false;

    const applied = applySheet(context, review.confirmed, deadline());
    expect(applied.refusedBecause).toBeNull();
    expect(affise.writes.every((write) => write.locked)).toBe(true);
    expect(lock.held).toBe(false);
    const body = (form: Array<[string, string]>): string => form.map(([key, value]) => `${key}=${value}`).join('&');
    expect(affise.writes.map((write) => `${write.method} ${write.path} ${body(write.form)}`)).toEqual([
      'post /3.1/payments/101 status=4',
      'post /3.1/payments/102 status=-1',
      'post /3.1/payments/103 payment_account=IBAN 1&note=paid by wire',
      'post /3.1/payments/104/add-correction revenue=-15.00&comment=chargeback',
      'post /3.1/payments/105/add-correction revenue=5.00&comment=echo',
      'post /3.1/payments/bulk-delete ids[]=106&ids[]=107&ids[]=108',
      `post /3.1/payments/create-for-affiliate aid=45&sum=250.00&currency=2&note=bonus [ref:${token}]`,
    ]);
    expect(affise.payments.get(103)).toMatchObject({ notes: 'paid by wire', pay_acc: 'IBAN 1' });

    // Each row says what became of it: 106 deleted (row gone), 107 refused, 108 missing from the map so read back (gone: deleted).
    expect(rowOf(106)).toBe(0);
    expect(rowOf(108)).toBe(0);
    expect(get(rowOf(107), 'Apply result')).toBe('✗ Refused by Affise: Affise answered false for this id (not deleted)');
    expect(get(rowOf(103), 'Notes')).toBe('paid by wire');
    expect(get(rowOf(103), 'Apply result')).toMatch(/^✓ Applied at /);
    expect(get(rowOf(103), 'Checked by')).toBe('checked 103');
    expect(get(rowOf(104), 'Correction')).toBe('');
    const refusedCorrection = get(rowOf(105), 'Apply result');
    expect(refusedCorrection).toMatch(/^✗ Refused by Affise: =cmd/);
    expect(applied.report?.results.find((result) => result.change.invoiceId === '108')).toMatchObject({ state: 'applied' });
  });

  it('binds the created invoice (no id answered) once it shows, by affiliate, amount, currency and token; sends nothing again', () => {
    // The refused rows put back as they were: nothing is pending.
    set(rowOf(107), 'Delete', false);
    set(rowOf(105), 'Correction', '');
    set(rowOf(105), 'Correction comment', '');
    const before = affise.writes.length;
    clock.advance(60_000);
    expect(applySheet(context, NOTHING_CONFIRMED, deadline()).report?.results.find((result) => result.change.action === 'create')?.state).toBe('awaiting');
    clock.advance(180_000);
    const bound = applySheet(context, NOTHING_CONFIRMED, deadline());
    const created = bound.report?.results.find((result) => result.change.action === 'create');
    expect(created).toMatchObject({ state: 'applied', createdId: '900' });
    expect(rowOf(900)).toBeGreaterThan(0);
    expect(affise.writes.length).toBe(before);
    expect(reviewSheet(context, deadline()).plan.changes).toEqual([]);
  });

  it('keeps no piece of the key in the Audit log, any Apply result, the journal or the memory; API text is never a formula', () => {
    const texts: string[] = [];
    for (const name of ['Invoices', 'Audit log', '_changes_memory_inv']) {
      const found = book.sheetByName(name);
      if (found) texts.push(...found.readValues({ row: 1, column: 1, rows: found.lastRow(), columns: found.maxColumns() }).flat().map(String));
    }
    texts.push(...[...properties.values.entries()].flat());
    const pieces = Array.from({ length: KEY.length - 7 }, (_, start) => KEY.slice(start, start + 8));
    expect(texts.filter((text) => pieces.some((piece) => text.includes(piece)))).toEqual([]);
    const audit = book.sheetByName('Audit log');
    const refused = audit?.readValues({ row: 2, column: 1, rows: audit.lastRow() - 1, columns: 9 }).find((row) => row[3] === '105' && row[7] === 'refused');
    expect(String(refused?.[8])).toMatch(/^=cmd.*may not add corrections$/);
    // Cells written as plain text: "=..." from Affise stays text.
    expect(book.sheetByName('Invoices')?.formatAt(rowOf(105), column('Apply result'))).toBe('@');
    expect(get(rowOf(109), 'Notes')).toBe('=HYPERLINK("http://evil.test","x")');
  });
});

describe('Deletions against the reference Affise', () => {
  it('go in bulk-delete requests of 50 ids, each id read from the answer; one refused, the rest gone, each audited', () => {
    const clock = SharedClock.virtual();
    const ids = Array.from({ length: 120 }, (_, index) => 1000 + index);
    const affise = new ReferenceAffise(clock, ids);
    affise.refuseDelete = new Set([1077]);
    const client = new AffiseClient({ http: affise, clock, sleeper: clock, apiKey: KEY, baseUrl: HOST, random: () => 0.5 });
    const versions = new Map(client.listPaymentsByIds(ids, Deadline.after(clock, 60_000)).map((payment) => [String(payment.id), payment.updatedAtRaw]));
    const journal = new ChangeJournal(new MemorySpreadsheet(), 'deletions');
    const deletions = ids.map((id) => ({ key: `d:${id}`, action: 'delete' as const, invoiceId: String(id), rowKey: String(id), fields: [], amount: null, comment: '', affiliateId: null, token: null, baseVersion: versions.get(String(id)) ?? null }));
    confirmPlan(journal, deletions, clock.now());
    const audit: AuditRow[] = [];
    const report = applyPlan({ provider: new AffiseChangeProvider(client, () => clock.now()), journal, audit: { append: (rows) => audit.push(...rows) }, clock, deadline: Deadline.after(clock, 300_000), user: 'u@standin.test', account: 'Stand-in', marginMs: 5_000 });
    expect(affise.writes.map((write) => write.form.length)).toEqual([50, 50, 20]);
    expect(affise.writes.every((write) => write.path === '/3.1/payments/bulk-delete' && write.form.every(([key]) => key === 'ids[]'))).toBe(true);
    expect(report.results.filter((result) => result.state === 'refused').map((result) => result.change.invoiceId)).toEqual(['1077']);
    expect(report.results.filter((result) => result.state === 'applied')).toHaveLength(119);
    expect([...affise.payments.keys()]).toEqual([1077]);
    expect(audit.map((row) => row.result).sort()).toEqual([...Array<string>(119).fill('applied'), 'refused']);
  });
});
