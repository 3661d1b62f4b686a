import { applyPlan, confirmPlan, PlanTooLargeError, UnfinishedApplyError } from '../../../src/app/changes/apply';
import type { AuditRow } from '../../../src/app/changes/audit';
import type { LandedVerdict, PlannedChange, SendOutcome } from '../../../src/app/changes/change';
import { ChangeJournal } from '../../../src/app/changes/journal';
import type { ChangeProvider, CurrentInvoice, ReviewFacts } from '../../../src/app/changes/provider-port';
import { Deadline, type Clock } from '../../../src/ports/clock';
import { MemorySpreadsheet } from '../../../test-support/memory-spreadsheet';

interface Invoice {
  id: string;
  version: number;
  status: string;
}

/** A provider in memory: each send moves the invoice's version; `answers` scripts outcomes. */
class MemoryProvider implements ChangeProvider<Invoice> {
  readonly name = 'Memo';
  readonly sent: string[] = [];
  readonly invoices = new Map<string, Invoice>();
  answers: Array<'ok' | 'unknown-landed' | 'unknown-lost'> = [];
  constructor(ids: string[]) {
    for (const id of ids) this.invoices.set(id, { id, version: 1, status: 'waiting' });
  }
  readCurrent(ids: readonly string[]): Map<string, CurrentInvoice<Invoice>> {
    const found = new Map<string, CurrentInvoice<Invoice>>();
    for (const id of ids) {
      const invoice = this.invoices.get(id);
      if (invoice) found.set(id, { id, version: String(invoice.version), record: { ...invoice } });
    }
    return found;
  }
  reviewFacts(): ReviewFacts {
    return { currencies: new Set(['EUR']), affiliates: new Set(), statuses: ['waiting', 'completed'] };
  }
  baseline(): string {
    return '';
  }
  describeBefore(change: PlannedChange, current: CurrentInvoice<Invoice> | undefined): string {
    return current ? `status: ${current.record.status}` : change.action;
  }
  send(change: PlannedChange): SendOutcome {
    const answer = this.answers.shift() ?? 'ok';
    this.sent.push(change.key);
    if (answer !== 'unknown-lost') this.make(change);
    return answer === 'ok' ? { kind: 'applied', message: 'OK' } : { kind: 'unknown', message: 'connection dropped' };
  }
  batchKey(change: PlannedChange): string | null {
    return change.action === 'delete' ? 'delete' : null;
  }
  batchSize(): number {
    return 2;
  }
  sendBatch(changes: readonly PlannedChange[]): Map<string, SendOutcome> {
    this.sent.push(changes.map((change) => change.key).join('+'));
    changes.forEach((change) => this.make(change));
    return new Map(changes.map((change) => [change.key, { kind: 'applied', message: 'deleted' } as SendOutcome]));
  }
  landed(items: ReadonlyArray<{ change: PlannedChange }>): Map<string, LandedVerdict> {
    return new Map(
      items.map(({ change }): [string, LandedVerdict] => {
        const invoice = this.invoices.get(change.invoiceId ?? '');
        const done = change.action === 'delete' ? !invoice : invoice?.status === change.fields[0]?.after;
        return [change.key, done ? { kind: 'landed' } : { kind: 'not-landed' }];
      }),
    );
  }
  private make(change: PlannedChange): void {
    const id = change.invoiceId ?? '';
    const invoice = this.invoices.get(id);
    if (change.action === 'delete') this.invoices.delete(id);
    else if (invoice) this.invoices.set(id, { ...invoice, version: invoice.version + 1, status: change.fields[0]?.after ?? invoice.status });
  }
}

const update = (id: string, after = 'completed'): PlannedChange => ({
  key: `u:${id}:${after}`,
  action: 'update',
  invoiceId: id,
  rowKey: id,
  fields: [{ field: 'status', label: 'Status', before: 'waiting', after }],
  amount: null,
  comment: '',
  affiliateId: null,
  token: null,
  baseVersion: '1',
});
const remove = (id: string): PlannedChange => ({ ...update(id), key: `d:${id}`, action: 'delete', fields: [] });

class StepClock implements Clock {
  ms = 1_000_000;
  now(): number {
    return (this.ms += 10);
  }
}

function setup(ids: string[]) {
  const provider = new MemoryProvider(ids);
  const journal = new ChangeJournal(new MemorySpreadsheet(), 'r1');
  const audit: AuditRow[] = [];
  const clock = new StepClock();
  const apply = (deadline = Deadline.after(clock, 1e9)) =>
    applyPlan({ provider, journal, audit: { append: (rows) => audit.push(...rows) }, clock, deadline, user: 'u@example.test', account: 'Demo', marginMs: 0 });
  return { provider, journal, audit, clock, apply };
}

describe('The change engine', () => {
  it('sends updates before deletions (in batches), records each, and reads the changed invoices back', () => {
    const { provider, journal, audit, clock, apply } = setup(['1', '2', '3', '4', '5']);
    confirmPlan(journal, [remove('3'), remove('4'), remove('5'), update('1'), update('2')], clock.now());
    const report = apply();
    expect(report.finished).toBe(true);
    expect(provider.sent).toEqual(['u:1:completed', 'u:2:completed', 'd:3+d:4', 'd:5']);
    expect(report.results.map((result) => result.state)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
    expect(audit.map((row) => `${row.invoice} ${row.action} ${row.result} (${row.before})`)).toEqual([
      '1 update applied (status: waiting)',
      '2 update applied (status: waiting)',
      '3 delete applied (status: waiting)',
      '4 delete applied (status: waiting)',
      '5 delete applied (status: waiting)',
    ]);
    expect([...report.readBack.keys()].sort()).toEqual(['1', '2']);
  });

  it('sends updates, then corrections, then deletions, then creations, whatever order the plan lists them in', () => {
    const { provider, journal, clock, apply } = setup(['1', '2', '3']);
    const correction: PlannedChange = { ...update('2'), key: 'c:2', action: 'correction', fields: [], amount: { text: '-15.00', currency: 'EUR' }, comment: 'chargeback' };
    const creation: PlannedChange = { ...update('x'), key: 'n:tok', action: 'create', invoiceId: null, rowKey: 'new:tok', fields: [], amount: { text: '120.00', currency: 'EUR' }, affiliateId: '45', token: 'tok', baseVersion: null };
    confirmPlan(journal, [creation, remove('3'), correction, update('1')], clock.now());
    expect(apply().finished).toBe(true);
    expect(provider.sent).toEqual(['u:1:completed', 'c:2', 'd:3', 'n:tok']);
  });

  it('does not send a change to an invoice that moved since the last refresh', () => {
    const { provider, journal, clock, apply } = setup(['1', '2']);
    provider.invoices.set('2', { id: '2', version: 7, status: 'declined' });
    confirmPlan(journal, [update('1'), update('2')], clock.now());
    const report = apply();
    expect(provider.sent).toEqual(['u:1:completed']);
    expect(report.results[1]).toMatchObject({ state: 'conflict', message: 'Not sent: invoice 2 changed in Memo since the last refresh. Refresh, then review again.' });
  });

  it('checks an unclear change before sending it again: landed is not resent, lost is resent once', () => {
    const { provider, journal, audit, clock, apply } = setup(['1', '2']);
    provider.answers = ['unknown-landed', 'unknown-lost'];
    confirmPlan(journal, [update('1'), update('2')], clock.now());
    const report = apply();
    expect(report.finished).toBe(true);
    expect(provider.sent).toEqual(['u:1:completed', 'u:2:completed', 'u:2:completed']);
    expect(audit.map((row) => `${row.invoice} ${row.result}`)).toEqual(['1 outcome unknown', '2 outcome unknown', '1 applied (confirmed by reading)', '2 not applied (checked)', '2 applied']);
  });

  it('stops between requests when time runs out, and the next execution carries on', () => {
    const { provider, journal, clock, apply } = setup(['1', '2', '3']);
    confirmPlan(journal, [update('1'), update('2'), update('3')], clock.now());
    // Enough for the conflict read and one send.
    const first = apply(new Deadline(clock, clock.ms + 45));
    expect(first.finished).toBe(false);
    expect(first.stoppedBecause).toMatch(/Time ran out for this execution/);
    const sentFirst = provider.sent.length;
    expect(sentFirst).toBeGreaterThan(0);
    expect(sentFirst).toBeLessThan(3);
    const second = apply();
    expect(second.finished).toBe(true);
    expect(provider.sent).toEqual(['u:1:completed', 'u:2:completed', 'u:3:completed']);
  });

  it('has each change under way in the journal sheet, flushed, before its request goes out', () => {
    const book = new MemorySpreadsheet();
    // What the spreadsheet holds durably: the journal as it was at the last flush.
    let flushed = new Map<string, string>();
    book.flush = () => {
      flushed = new Map(new ChangeJournal(book, 'r1').entries().map((entry) => [entry.change.key, entry.state]));
    };
    const provider = new MemoryProvider(['1', '2', '3']);
    const seen: string[] = [];
    const send = provider.send.bind(provider);
    provider.send = (change) => {
      seen.push(`${change.key} ${flushed.get(change.key) ?? 'absent'}`);
      return send(change);
    };
    const sendBatch = provider.sendBatch.bind(provider);
    provider.sendBatch = (changes) => {
      for (const change of changes) seen.push(`${change.key} ${flushed.get(change.key) ?? 'absent'}`);
      return sendBatch(changes);
    };
    const journal = new ChangeJournal(book, 'r1');
    const clock = new StepClock();
    confirmPlan(journal, [update('1'), remove('2'), remove('3')], clock.now());
    const report = applyPlan({ provider, journal, audit: { append: () => undefined }, clock, deadline: Deadline.after(clock, 1e9), user: 'u@example.test', account: 'Demo', marginMs: 0 });
    expect(report.finished).toBe(true);
    expect(seen).toEqual(['u:1:completed under-way', 'd:2 under-way', 'd:3 under-way']);
    expect(flushed).toEqual(new Map([['u:1:completed', 'applied'], ['d:2', 'applied'], ['d:3', 'applied']]));
  });

  it('does not start a plan the journal cannot hold whole, and writes nothing', () => {
    const { journal, clock } = setup([]);
    const many = Array.from({ length: 5_001 }, (_, n) => update(String(n)));
    expect(() => confirmPlan(journal, many, clock.now())).toThrow(PlanTooLargeError);
    expect(() => confirmPlan(journal, many, clock.now())).toThrow('5001 changes are more than one apply can take in this document (5000 fit). Nothing is sent: apply them in parts (fewer rows edited at a time).');
    expect(journal.entries()).toEqual([]);
    expect(confirmPlan(journal, many.slice(0, 5_000), clock.now()).queued).toBe(5_000);
  });

  it('never queues a change the journal holds as applied, and a new plan waits for an unfinished one', () => {
    const { provider, journal, clock, apply } = setup(['1', '2']);
    confirmPlan(journal, [update('1')], clock.now());
    apply();
    const again = confirmPlan(journal, [update('1'), update('2')], clock.now());
    expect(again).toMatchObject({ queued: 1, alreadyApplied: [update('1')] });
    expect(() => confirmPlan(journal, [update('2', 'waiting')], clock.now())).toThrow(UnfinishedApplyError);
    apply();
    expect(provider.sent).toEqual(['u:1:completed', 'u:2:completed']);
  });
});
