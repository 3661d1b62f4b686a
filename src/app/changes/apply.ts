import type { Clock, Deadline } from '../../ports/clock';
import { messageOf } from '../user-message';
import { ACTION_ORDER, type ChangeState, type LandedVerdict, type PlannedChange, type SendOutcome } from './change';
import type { AuditRow, AuditSink } from './audit';
import { type ChangeJournal, type EntryPatch, type JournalEntry, queuedEntry } from './journal';
import type { ChangeProvider, CurrentInvoice } from './provider-port';
import { describeAfter } from './words';

export interface ApplyContext<Record> {
  provider: ChangeProvider<Record>;
  journal: ChangeJournal;
  audit: AuditSink;
  clock: Clock;
  deadline: Deadline;
  /** The user's e-mail and the connection's name, for the audit log. */
  user: string;
  account: string;
  /** No request starts with less time than this left: the rest continues in the next execution. */
  marginMs: number;
}

/** What became of one change in this apply (or earlier ones): what its row's Apply result shows. */
export interface ChangeResult {
  change: PlannedChange;
  state: ChangeState;
  message: string;
  atMs: number;
  createdId: string | null;
}

export interface ApplyReport<Record> {
  /** False when time ran out or something stopped the run: applying again continues where it stopped. */
  finished: boolean;
  /** Why it stopped, in words (null when finished). */
  stoppedBecause: string | null;
  results: ChangeResult[];
  /** The invoices changed, read back after sending, to refresh their rows. */
  readBack: Map<string, CurrentInvoice<Record>>;
  /** How many changes were sent in this execution. */
  sent: number;
}

export interface ConfirmResult {
  planId: string;
  queued: number;
  /** Changes whose key the journal already holds as applied: never queued again. */
  alreadyApplied: PlannedChange[];
}

export class PlanTooLargeError extends Error {
  override name = 'PlanTooLargeError';
}

/** What review and confirming say of a plan larger than one apply takes. */
export function planTooLargeText(count: number, fit: number): string {
  return `${count} changes are more than one apply can take in this document (${Math.max(0, fit)} fit). Nothing is sent: apply them in parts (fewer rows edited at a time).`;
}

/** Unfinished work blocks a new plan: it must be applied (or resolved) first. */
export class UnfinishedApplyError extends Error {
  override name = 'UnfinishedApplyError';
}

/**
 * Records the confirmed changes as queued, in send order. A change already applied (its key is in
 * the journal as applied: e.g. the sheet was not refreshed after it) is never queued again. Settled
 * entries of earlier plans are dropped; unfinished ones must be finished first.
 */
export function confirmPlan(journal: ChangeJournal, changes: readonly PlannedChange[], nowMs: number): ConfirmResult {
  const existing = journal.entries();
  const blocking = existing.filter((entry) => entry.state === 'queued' || entry.state === 'under-way');
  if (blocking.length > 0) {
    throw new UnfinishedApplyError(
      `${blocking.length} change${blocking.length === 1 ? '' : 's'} of an earlier apply ${blocking.length === 1 ? 'is' : 'are'} not finished. Apply again to finish ${blocking.length === 1 ? 'it' : 'them'} first.`,
    );
  }
  const byKey = new Map(existing.map((entry) => [entry.change.key, entry]));
  const alreadyApplied: PlannedChange[] = [];
  const toQueue: PlannedChange[] = [];
  for (const change of changes) {
    const previous = byKey.get(change.key);
    if (previous && (previous.state === 'applied' || previous.state === 'awaiting')) alreadyApplied.push(change);
    else toQueue.push(change);
  }
  // Settled entries of earlier plans have done their job once their changes are not in this plan;
  // creations awaiting their invoice stay.
  const keep = new Set(alreadyApplied.map((change) => change.key));
  const kept = existing.filter((entry) => entry.state === 'awaiting' || keep.has(entry.change.key));

  const planId = `p${nowMs.toString(36)}`;
  const ordered = [...toQueue].sort((a, b) => ACTION_ORDER.indexOf(a.action) - ACTION_ORDER.indexOf(b.action));
  // Checked before anything is written: a plan the journal cannot hold whole is not started.
  const fit = journal.capacity() - kept.length;
  if (ordered.length > fit) throw new PlanTooLargeError(planTooLargeText(ordered.length, fit));
  journal.replace([...kept, ...ordered.map((change, seq) => queuedEntry(planId, seq, change, nowMs))]);
  return { planId, queued: ordered.length, alreadyApplied };
}

/** Thrown inside a run to stop it, keeping every recorded state. */
class StopRun extends Error {}

const TIME_RAN_OUT = (doing: string): string => `Time ran out for this execution before ${doing}`;

/**
 * Sends the journal's open changes exactly once, in order: first it finds out what became of
 * changes left under way, then checks for conflicts, then sends updates, corrections, deletions
 * and creations (in the provider's batches where it has them), recording each as under way before its request. A run that runs out
 * of time stops between requests; the next run continues.
 */
export function applyPlan<Record>(context: ApplyContext<Record>): ApplyReport<Record> {
  const run = new ApplyRun(context);
  return run.execute();
}

class ApplyRun<Record> {
  private sent = 0;
  private readonly changedIds = new Set<string>();
  private readonly current = new Map<string, CurrentInvoice<Record>>();

  constructor(private readonly context: ApplyContext<Record>) {}

  execute(): ApplyReport<Record> {
    // Invoices changed by earlier executions are read back too (one may have stopped before reading
    // them): their rows and the memory catch up, so a change already sent is never shown as pending.
    for (const entry of this.context.journal.entries()) if (entry.state === 'applied') this.noteChanged(entry.change.invoiceId ?? entry.createdId);
    let stoppedBecause: string | null = null;
    try {
      // An unclear answer in this run is checked in the next pass, and a change that did not land
      // is sent again then; three passes settle everything but what the provider cannot yet tell.
      for (let pass = 0; pass < 3; pass++) {
        this.resolveUnclear(pass === 0);
        const queued = this.entriesIn('queued');
        if (queued.length === 0) break;
        this.checkConflicts(queued);
        this.sendQueued();
      }
    } catch (error) {
      stoppedBecause = error instanceof StopRun ? error.message : messageOf(error);
    }
    const readBack = this.readBack();
    const entries = this.context.journal.entries();
    const open = entries.filter((entry) => entry.state === 'queued' || entry.state === 'under-way');
    if (stoppedBecause === null && open.length > 0) {
      stoppedBecause = `${open.length} change${open.length === 1 ? '' : 's'} could not be settled yet: ${open[0]?.message ?? ''}`;
    }
    return {
      finished: stoppedBecause === null,
      stoppedBecause,
      results: entries.map((entry) => ({ change: entry.change, state: entry.state, message: entry.message, atMs: entry.atMs, createdId: entry.createdId })),
      readBack,
      sent: this.sent,
    };
  }

  private entriesIn(state: ChangeState): JournalEntry[] {
    return this.context.journal.entries().filter((entry) => entry.state === state);
  }

  /** Changes recorded as under way, and creations not yet seen: read whether they landed. */
  private resolveUnclear(includeAwaiting: boolean): void {
    const unclear = [...this.entriesIn('under-way'), ...(includeAwaiting ? this.entriesIn('awaiting') : [])];
    if (unclear.length === 0) return;
    this.ensureTime('checking changes whose outcome is unclear');
    const verdicts = this.guard('checking changes whose outcome is unclear', () =>
      this.context.provider.landed(
        unclear.map((entry) => ({ change: entry.change, baseline: entry.baseline })),
        this.context.deadline,
      ),
    );
    const audit: AuditRow[] = [];
    const answers = new Map<string, EntryPatch>();
    for (const entry of unclear) {
      const verdict: LandedVerdict = verdicts.get(entry.change.key) ?? { kind: 'cannot-tell', message: 'no answer' };
      const now = this.now();
      if (verdict.kind === 'landed') {
        const createdId = verdict.invoiceId ?? entry.createdId;
        const message = entry.change.action === 'create' ? `Created in ${this.context.provider.name} as invoice ${createdId ?? '?'}.` : `Applied (confirmed by reading ${this.context.provider.name}).`;
        answers.set(entry.change.key, { state: 'applied', message, atMs: now, createdId });
        this.noteChanged(entry.change.invoiceId ?? createdId);
        // A creation accepted earlier already has its audit row; finding it adds the invoice id.
        audit.push(this.auditRow({ ...entry, createdId }, entry.accepted ? `created as invoice ${createdId ?? '?'}` : 'applied (confirmed by reading)', '', now));
      } else if (verdict.kind === 'not-landed' && !entry.accepted) {
        answers.set(entry.change.key, { state: 'queued', message: `Not applied (checked in ${this.context.provider.name}); it will be sent again.`, atMs: now });
        audit.push(this.auditRow(entry, 'not applied (checked)', '', now));
      } else if (entry.state === 'under-way' && verdict.kind === 'cannot-tell') {
        const awaiting = entry.change.action === 'create';
        answers.set(entry.change.key, {
          state: awaiting ? 'awaiting' : 'under-way',
          message: awaiting
            ? `Sent; ${this.context.provider.name} has not shown the new invoice yet${this.context.provider.creationDelay ? ` (${this.context.provider.creationDelay})` : ''}. It is never sent again blind: refresh later and the row binds to it.`
            : `Outcome unknown: ${verdict.message}. Nothing is sent again until ${this.context.provider.name} can be read.`,
          atMs: now,
        });
      }
    }
    this.context.journal.updateAll(unclear.filter((entry) => answers.has(entry.change.key)), (entry) => answers.get(entry.change.key) ?? {});
    if (audit.length > 0) this.context.audit.append(audit);
  }

  /** A change to an invoice that moved at the provider since the last refresh is not sent. */
  private checkConflicts(queued: readonly JournalEntry[]): void {
    const ids = [...new Set(queued.map((entry) => entry.change.invoiceId).filter((id): id is string => id !== null))];
    if (ids.length === 0) return;
    this.ensureTime('checking invoices for changes made since the last refresh');
    const current = this.guard('checking invoices for changes made since the last refresh', () => this.context.provider.readCurrent(ids, this.context.deadline));
    // Invoices this plan already changed moved because of it: only untouched ones are compared.
    const touched = new Set(
      this.context.journal
        .entries()
        .filter((entry) => entry.state !== 'queued' && entry.change.invoiceId !== null)
        .map((entry) => entry.change.invoiceId as string),
    );
    for (const entry of queued) {
      const id = entry.change.invoiceId;
      if (id === null) continue;
      const invoice = current.get(id);
      if (invoice) this.current.set(id, invoice);
      if (!invoice) {
        this.context.journal.update(entry, { state: 'refused', message: `Invoice ${id} is no longer in ${this.context.provider.name}; nothing was sent.`, atMs: this.now() });
      } else if (!touched.has(id) && entry.change.baseVersion !== null && invoice.version !== entry.change.baseVersion) {
        this.context.journal.update(entry, {
          state: 'conflict',
          message: `Not sent: invoice ${id} changed in ${this.context.provider.name} since the last refresh. Refresh, then review again.`,
          atMs: this.now(),
        });
      }
    }
  }

  /** In action order; within an action, changes with a batch key go together, the others one by one. */
  private sendQueued(): void {
    const { provider } = this.context;
    for (const action of ACTION_ORDER) {
      const entries = this.entriesIn('queued').filter((entry) => entry.change.action === action);
      const batches = new Map<string, JournalEntry[]>();
      for (const entry of entries) {
        const key = provider.batchKey(entry.change);
        if (key === null) this.sendBatch(null, [entry]);
        else batches.set(key, [...(batches.get(key) ?? []), entry]);
      }
      for (const [key, batch] of batches) {
        const size = Math.max(1, provider.batchSize(key));
        for (let start = 0; start < batch.length; start += size) this.sendBatch(key, batch.slice(start, start + size));
      }
    }
  }

  /** Records the batch under way, sends it, and records each answer with its audit row. */
  private sendBatch(batchKey: string | null, batch: readonly JournalEntry[]): void {
    this.ensureTime('sending changes');
    const { provider, journal, deadline } = this.context;
    // One write and one flush for the batch: every change in it is durably under way before the request.
    const underWay = journal.updateAll(batch, (entry) => {
      const invoice = entry.change.invoiceId === null ? undefined : this.current.get(entry.change.invoiceId);
      return {
        state: 'under-way',
        baseline: provider.baseline(entry.change, invoice),
        before: provider.describeBefore(entry.change, invoice),
        message: `Sending to ${provider.name}…`,
        atMs: this.now(),
      };
    });
    let outcomes: Map<string, SendOutcome>;
    try {
      const [only] = underWay;
      outcomes = batchKey === null && only ? new Map([[only.change.key, provider.send(only.change, deadline)]]) : provider.sendBatch(underWay.map((entry) => entry.change), deadline);
    } catch (error) {
      // A provider that throws instead of answering leaves the batch under way: checked before any resend.
      const message = messageOf(error);
      journal.updateAll(underWay, () => ({ message: `Outcome unknown: ${message}`, atMs: this.now() }));
      this.context.audit.append(underWay.map((entry) => this.auditRow(entry, 'outcome unknown', message, this.now())));
      this.sent += underWay.length;
      throw new StopRun(message);
    }
    this.sent += underWay.filter((entry) => outcomes.get(entry.change.key)?.kind !== 'not-sent').length;
    const audit: AuditRow[] = [];
    // The answers in one write: one not recorded yet when the execution ends leaves its change under way, checked before any resend.
    const answers = new Map<string, EntryPatch>();
    for (const entry of underWay) {
      const outcome: SendOutcome = outcomes.get(entry.change.key) ?? { kind: 'unknown', message: `${provider.name} did not answer for this change` };
      const now = this.now();
      const stamp = new Date(now).toISOString().replace('T', ' ').slice(0, 19);
      if (outcome.kind === 'applied') {
        const creating = entry.change.action === 'create' && !outcome.invoiceId;
        answers.set(entry.change.key, {
          state: creating ? 'awaiting' : 'applied',
          message: creating ? `Sent at ${stamp} UTC; ${provider.name} creates the invoice in a few minutes. Refresh later: the row becomes the new invoice.` : `Applied at ${stamp} UTC.`,
          atMs: now,
          createdId: outcome.invoiceId ?? null,
          accepted: creating,
        });
        this.noteChanged(entry.change.invoiceId ?? outcome.invoiceId ?? null);
        audit.push(this.auditRow(entry, creating ? 'accepted (created later)' : 'applied', outcome.message, now));
      } else if (outcome.kind === 'refused') {
        answers.set(entry.change.key, { state: 'refused', message: `Refused by ${provider.name}: ${outcome.message}`, atMs: now });
        audit.push(this.auditRow(entry, 'refused', outcome.message, now));
      } else if (outcome.kind === 'not-sent') {
        answers.set(entry.change.key, { state: 'queued', message: `Not sent yet: ${outcome.message}`, atMs: now });
      } else {
        answers.set(entry.change.key, { message: `Outcome unknown (${outcome.message}); checked in ${provider.name} before anything is sent again.`, atMs: now });
        audit.push(this.auditRow(entry, 'outcome unknown', outcome.message, now));
      }
    }
    journal.updateAll(underWay, (entry) => answers.get(entry.change.key) ?? {});
    this.context.audit.append(audit);
    if ([...outcomes.values()].some((outcome) => outcome.kind === 'not-sent' && outcome.outOfTime === true)) throw new StopRun(TIME_RAN_OUT('sending changes'));
  }

  /** The changed invoices as they are now. A failed read leaves the rows for the next refresh. */
  private readBack(): Map<string, CurrentInvoice<Record>> {
    if (this.changedIds.size === 0 || this.context.deadline.remainingMs() <= this.context.marginMs) return new Map();
    try {
      return this.context.provider.readCurrent([...this.changedIds], this.context.deadline);
    } catch {
      return new Map();
    }
  }

  private noteChanged(id: string | null): void {
    if (id !== null) this.changedIds.add(id);
  }

  private ensureTime(doing: string): void {
    if (this.context.deadline.remainingMs() <= this.context.marginMs) {
      throw new StopRun(TIME_RAN_OUT(doing));
    }
  }

  /** A read that fails stops the run with its reason; nothing recorded is lost. */
  private guard<T>(doing: string, read: () => T): T {
    try {
      return read();
    } catch (error) {
      throw new StopRun(`Could not finish ${doing}: ${messageOf(error)}`);
    }
  }

  private auditRow(entry: JournalEntry, result: string, message: string, atMs: number): AuditRow {
    const { change } = entry;
    return {
      atMs,
      user: this.context.user,
      account: this.context.account,
      invoice: change.invoiceId ?? `${entry.createdId ?? 'new'} (token ${change.token ?? ''})`,
      action: change.action,
      before: entry.before,
      after: describeAfter(change),
      result,
      message,
    };
  }

  private now(): number {
    return this.context.clock.now();
  }
}
