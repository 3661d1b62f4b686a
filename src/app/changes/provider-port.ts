import type { Deadline } from '../../ports/clock';
import type { LandedVerdict, PlannedChange, SendOutcome } from './change';

/** What the provider says a review must respect. */
export interface ReviewFacts {
  /** ISO codes the account uses. */
  currencies: ReadonlySet<string>;
  /** Of the affiliate ids asked about, those that exist. */
  affiliates: ReadonlySet<string>;
  /** The status words a status may be set to. */
  statuses: readonly string[];
}

/** What a provider knows of an invoice now: enough to check for conflicts and to refresh its row. */
export interface CurrentInvoice<Record> {
  id: string;
  /** Affise `updated_at`, Everflow `time_saved`; compared as text. */
  version: string | null;
  record: Record;
}

/**
 * One provider's side of the change engine: maps neutral actions to API calls, and answers "did
 * this land?" by reading. Implementations never retry a non-idempotent call blind; an unclear
 * answer is returned as `unknown`, and the engine asks `landed` before anything is sent again.
 */
export interface ChangeProvider<Record> {
  /** "Affise", "Everflow": for messages. */
  readonly name: string;
  /** Why a new invoice may not show at once ("it creates them in a few minutes"), for its row; absent when it should. */
  readonly creationDelay?: string;
  /**
   * Changes that go together in one request share a batch key (Affise: deletions, `bulk-delete`;
   * Everflow: status-only changes to one status, a PATCH). Null: the change is sent alone.
   */
  batchKey(change: PlannedChange): string | null;
  /** How many changes one batch request of this key carries. */
  batchSize(batchKey: string): number;
  /** The invoices as they are now; ids the provider no longer has are absent. */
  readCurrent(invoiceIds: readonly string[], deadline: Deadline): Map<string, CurrentInvoice<Record>>;
  /**
   * Evidence taken just before a change is sent, kept in the journal, that `landed` compares with
   * later (for a correction: how many matching corrections the invoice already had).
   */
  baseline(change: PlannedChange, current: CurrentInvoice<Record> | undefined): string;
  /** Sends one change that has no batch key. */
  send(change: PlannedChange, deadline: Deadline): SendOutcome;
  /** Sends changes of one batch key in one request; answers for each change key (a missing one is unknown). */
  sendBatch(changes: readonly PlannedChange[], deadline: Deadline): Map<string, SendOutcome>;
  /** Reads whether each change (with the baseline kept for it) landed; answers for each change key. */
  landed(changes: ReadonlyArray<{ change: PlannedChange; baseline: string }>, deadline: Deadline): Map<string, LandedVerdict>;
  /** What review checks rows against: the account's currencies and which of these affiliates exist. */
  reviewFacts(affiliateIds: readonly string[], deadline: Deadline): ReviewFacts;
  /** The "before" text of a change for the audit log, from the invoice as it was before sending. */
  describeBefore(change: PlannedChange, current: CurrentInvoice<Record> | undefined): string;
}
