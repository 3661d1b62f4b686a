import type { EverflowInvoiceListItem } from '../../model/invoice';
import type { Deadline } from '../../ports/clock';
import type { ZoneRules } from '../../ports/time-zone';
import { NETWORK_STATUS_BATCH, type EverflowClient } from '../../provider/everflow/client';
import { EverflowDeadlineError, EverflowError, EverflowOutcomeUnknownError, NotFoundError, RateLimitedError } from '../../provider/everflow/errors';
import {
  NetworkInvoiceUnreadableError,
  normalizeNetworkListItem,
  type NetworkInvoiceChange,
  type NetworkInvoiceReading,
  type NetworkNewLine,
  type RawNetworkListInvoice,
} from '../../provider/everflow/network';
import { messageOf } from '../user-message';
import type { LandedVerdict, PlannedChange, SendOutcome } from './change';
import type { ChangeProvider, CurrentInvoice, ReviewFacts } from './provider-port';
import type { RememberedInvoice } from './review';
import { noteWithToken, tokenInNote } from './tokens';

/*
 * The change engine's Everflow side, for a network key (docs/changes.md, "Everflow networks"):
 * status-only changes go in `PATCH` batches (one status, up to 100 invoices a request, a result
 * per invoice); any other update is a `PUT`, a full replacement built from the invoice as read now
 * with only the user's fields changed; a creation is a `POST` carrying the row's token in its
 * internal notes (the partner never sees it). "Did it land?" is a read of the network's list.
 * Everflow's payments call (it moves money) is never made here.
 */

/**
 * A write whose answer was unclear may still be in flight (an execution killed mid-request, a slow
 * gateway): found not to have landed, it is sent again only this long after it was sent.
 */
export const WRITE_GRACE_MS = 10 * 60_000;

export type NetworkStatusWord = 'paid' | 'unpaid' | 'deleted';
export const NETWORK_STATUS_WORDS: readonly NetworkStatusWord[] = ['paid', 'unpaid', 'deleted'];

export interface EverflowChangeOptions {
  /** False sends every status change as its own PUT (for the bench's comparison); true by default. */
  statusBatches?: boolean;
}

/** `time_saved` (unix seconds) as the version text a change compares. */
export function networkVersion(invoice: Pick<EverflowInvoiceListItem, 'updatedMs'>): string | null {
  return invoice.updatedMs === null ? null : String(Math.round(invoice.updatedMs / 1000));
}

/** Typed payment terms as days: "Net 45", "45", "Due on receipt" (0). Null when it is none of these. */
export function paymentTermsDays(text: string): number | null {
  const trimmed = text.trim();
  if (/^(?:due\s+)?(?:(?:up)?on\s+)?receipt$/i.test(trimmed)) return 0;
  const match = /^(?:net\s*)?(\d{1,4})(?:\s*days?)?$/i.exec(trimmed);
  return match ? Number(match[1]) : null;
}

/** A neutral field of a network invoice as its sheet cell shows it. */
function fieldOf(invoice: EverflowInvoiceListItem, field: string): string {
  switch (field) {
    case 'status':
      return invoice.status ?? '';
    case 'notes':
      return invoice.notes ?? '';
    case 'internalNotes':
      return invoice.network?.internalNotes ?? '';
    case 'paymentTerms':
      return invoice.paymentTerms ?? '';
    default:
      return '';
  }
}

/** Whether the invoice shows the field as the change set it (terms compared as days). */
function fieldIs(invoice: EverflowInvoiceListItem, field: string, after: string): boolean {
  if (field === 'paymentTerms') return invoice.paymentTermsDays === paymentTermsDays(after);
  return fieldOf(invoice, field) === after;
}

/** What an editable network report shows and remembers of an invoice. */
export function rememberNetworkInvoice(invoice: EverflowInvoiceListItem): RememberedInvoice & { id: string } {
  return {
    id: String(invoice.id),
    version: networkVersion(invoice),
    currency: invoice.currency ?? '',
    fields: {
      status: fieldOf(invoice, 'status'),
      notes: fieldOf(invoice, 'notes'),
      internalNotes: fieldOf(invoice, 'internalNotes'),
      paymentTerms: fieldOf(invoice, 'paymentTerms'),
    },
  };
}

function statusOnly(change: PlannedChange): NetworkStatusWord | null {
  const [only] = change.fields;
  return change.action === 'update' && change.fields.length === 1 && only?.field === 'status' ? (only.after as NetworkStatusWord) : null;
}

export class EverflowChangeProvider implements ChangeProvider<EverflowInvoiceListItem> {
  readonly name = 'Everflow';
  /** List rows of the latest read: a PUT reuses its invoice's row instead of searching again. */
  private readonly rows = new Map<number, RawNetworkListInvoice>();

  constructor(
    private readonly client: EverflowClient,
    private readonly zones: ZoneRules,
    private readonly now: () => number,
    private readonly options: EverflowChangeOptions = {},
  ) {}

  batchKey(change: PlannedChange): string | null {
    const status = statusOnly(change);
    return status !== null && this.options.statusBatches !== false ? `status:${status}` : null;
  }

  batchSize(): number {
    return NETWORK_STATUS_BATCH;
  }

  readCurrent(invoiceIds: readonly string[], deadline: Deadline): Map<string, CurrentInvoice<EverflowInvoiceListItem>> {
    const ids = invoiceIds.filter((id) => /^\d+$/.test(id)).map(Number);
    const current = new Map<string, CurrentInvoice<EverflowInvoiceListItem>>();
    if (ids.length === 0) return current;
    for (const [id, raw] of this.client.networkRows(ids, deadline)) {
      this.rows.set(id, raw);
      const record = normalizeNetworkListItem(raw, this.zones);
      current.set(String(id), { id: String(id), version: networkVersion(record), record });
    }
    return current;
  }

  /** Everflow's create takes no currency and has no partner lookup in the reference: Everflow itself refuses an unknown partner. */
  reviewFacts(affiliateIds: readonly string[]): ReviewFacts {
    return { currencies: new Set(), affiliates: new Set(affiliateIds), statuses: NETWORK_STATUS_WORDS };
  }

  /** When it was sent: a change not seen to land is sent again only after WRITE_GRACE_MS. */
  baseline(): string {
    return String(this.now());
  }

  describeBefore(change: PlannedChange, current: CurrentInvoice<EverflowInvoiceListItem> | undefined): string {
    if (change.action === 'create') return '(none)';
    const invoice = current?.record;
    return change.fields.map((field) => `${field.field}: ${invoice ? fieldOf(invoice, field.field) : field.before}`).join('; ');
  }

  send(change: PlannedChange, deadline: Deadline): SendOutcome {
    switch (change.action) {
      case 'update':
        return this.replace(change, deadline);
      case 'create':
        return this.create(change, deadline);
      default:
        return { kind: 'refused', message: `Everflow has no ${change.action}: set Status to deleted to delete an invoice` };
    }
  }

  /** Status-only changes of one status: one PATCH, a result per invoice. */
  sendBatch(changes: readonly PlannedChange[], deadline: Deadline): Map<string, SendOutcome> {
    const status = changes[0] ? statusOnly(changes[0]) : null;
    const keyOf = new Map(changes.map((change) => [Number(change.invoiceId), change.key]));
    const answers = new Map<string, SendOutcome>();
    if (status === null) return answers;
    let failure: SendOutcome | null = null;
    try {
      for (const result of this.client.setNetworkStatus([...keyOf.keys()], status, deadline)) {
        const key = keyOf.get(result.invoiceId);
        if (key === undefined) continue;
        answers.set(
          key,
          result.ok
            ? { kind: 'applied', message: `status ${status}` }
            : result.answered
              ? { kind: 'refused', message: result.error ?? 'refused' }
              : { kind: 'unknown', message: "this invoice was missing from Everflow's answer" },
        );
      }
    } catch (error) {
      failure = writeOutcome(error);
    }
    if (failure) for (const key of keyOf.values()) answers.set(key, failure);
    return answers;
  }

  landed(changes: ReadonlyArray<{ change: PlannedChange; baseline: string }>, deadline: Deadline): Map<string, LandedVerdict> {
    const verdicts = new Map<string, LandedVerdict>();
    const updates = changes.filter(({ change }) => change.action !== 'create');
    if (updates.length > 0) {
      const current = this.readCurrent(
        updates.map(({ change }) => change.invoiceId ?? ''),
        deadline,
      );
      for (const { change, baseline } of updates) {
        const invoice = current.get(change.invoiceId ?? '')?.record;
        verdicts.set(
          change.key,
          !invoice
            ? { kind: 'cannot-tell', message: `invoice ${change.invoiceId ?? ''} cannot be found in Everflow` }
            : change.fields.every((field) => fieldIs(invoice, field.field, field.after))
              ? { kind: 'landed' }
              : this.notSeen(baseline),
        );
      }
    }
    const creations = changes.filter(({ change }) => change.action === 'create' && change.newInvoice !== undefined);
    if (creations.length === 0) return verdicts;
    // Everflow creates an invoice in the answer to its POST: one listing of the partners concerned
    // over the periods concerned shows it, with the row's token in its internal notes, or it was not made.
    const specs = creations.map(({ change }) => change.newInvoice).filter((spec) => spec !== undefined);
    const startDate = specs.map((spec) => spec.startDate).sort()[0] ?? '';
    const endDate = specs.map((spec) => spec.endDate).sort().at(-1) ?? '';
    const partners = [...new Set(creations.map(({ change }) => Number(change.affiliateId)))];
    const rows = this.client.networkInvoicesOf(partners, startDate, endDate, deadline);
    for (const { change, baseline } of creations) {
      const found = rows.find((row) => createdBy(change, row));
      verdicts.set(change.key, found ? { kind: 'landed', invoiceId: String(found.network_affiliate_invoice_id) } : this.notSeen(baseline));
    }
    return verdicts;
  }

  /** A change not seen in Everflow: not landed once the grace after its sending is over, else not known yet. */
  private notSeen(baseline: string): LandedVerdict {
    const sentMs = Number(baseline) || 0;
    if (this.now() - sentMs >= WRITE_GRACE_MS) return { kind: 'not-landed' };
    const at = new Date(sentMs + WRITE_GRACE_MS).toISOString().replace('T', ' ').slice(0, 16);
    return { kind: 'cannot-tell', message: `not in Everflow yet, and a request sent moments ago may still be in flight: it is sent again only if still missing after ${at} UTC` };
  }

  /** PUT: the invoice as it is now, with only the user's fields changed; refused when it moved since the refresh. */
  private replace(change: PlannedChange, deadline: Deadline): SendOutcome {
    const id = Number(change.invoiceId);
    const update = networkChangeOf(change);
    if (typeof update === 'string') return { kind: 'refused', message: update };
    let reading: NetworkInvoiceReading;
    try {
      reading = this.client.readNetworkInvoice(id, deadline, this.rows.get(id));
    } catch (error) {
      return readOutcome(error);
    } finally {
      this.rows.delete(id);
    }
    const saved = reading.detail.time_saved ?? reading.row.time_saved;
    if (change.baseVersion !== null && saved !== null && String(saved) !== change.baseVersion) {
      return { kind: 'refused', message: `invoice ${id} changed in Everflow since the last refresh (time_saved ${saved}, expected ${change.baseVersion}); refresh, then review again` };
    }
    try {
      const answer = this.client.putNetworkInvoice(id, reading, update, deadline);
      return { kind: 'applied', message: answer.time_saved === null ? 'OK' : `time_saved ${answer.time_saved}` };
    } catch (error) {
      return writeOutcome(error);
    }
  }

  private create(change: PlannedChange, deadline: Deadline): SendOutcome {
    const spec = change.newInvoice;
    if (!spec || change.token === null || !/^\d+$/.test(change.affiliateId ?? '')) return { kind: 'refused', message: 'a new invoice needs a partner, a period and its row token' };
    try {
      const id = this.client.createNetworkInvoice(
        {
          affiliateId: Number(change.affiliateId),
          status: 'unpaid',
          startDate: spec.startDate,
          endDate: spec.endDate,
          publicNotes: change.comment,
          internalNotes: noteWithToken(spec.internalNotes, change.token),
          paymentTermsDays: spec.paymentTermsDays,
          lines: spec.lines.map(
            (line): NetworkNewLine => ({
              offerId: line.offerId === null ? null : Number(line.offerId),
              type: line.type as NetworkNewLine['type'],
              amount: line.amount,
              quantity: line.quantity,
              notes: line.notes,
            }),
          ),
        },
        deadline,
      );
      // Without an id in the answer, the read-back finds the invoice by its token.
      return id === null ? { kind: 'unknown', message: 'Everflow answered without the new invoice id' } : { kind: 'applied', message: `invoice ${id}`, invoiceId: String(id) };
    } catch (error) {
      return writeOutcome(error);
    }
  }
}

/** Whether this list row is the invoice a creation made: its partner, its period and the row's token in its internal notes. */
export function createdBy(change: PlannedChange, row: RawNetworkListInvoice): boolean {
  const spec = change.newInvoice;
  if (!spec || change.token === null || tokenInNote(row.internal_notes) !== change.token) return false;
  if (String(row.network_affiliate_id) !== change.affiliateId) return false;
  return (row.start_time ?? '').slice(0, 10) === spec.startDate && (row.end_time ?? '').slice(0, 10) === spec.endDate;
}

/** The user's fields as Everflow's change; a text when one cannot be sent. */
function networkChangeOf(change: PlannedChange): NetworkInvoiceChange | string {
  const update: NetworkInvoiceChange = {};
  for (const field of change.fields) {
    if (field.field === 'status') {
      if (!NETWORK_STATUS_WORDS.includes(field.after as NetworkStatusWord)) return `"${field.after}" is not a status Everflow takes`;
      update.status = field.after as NetworkStatusWord;
    } else if (field.field === 'notes') update.publicNotes = field.after;
    else if (field.field === 'internalNotes') update.internalNotes = field.after;
    else if (field.field === 'paymentTerms') {
      const days = paymentTermsDays(field.after);
      if (days === null) return `payment terms "${field.after}" are not a number of days`;
      update.paymentTermsDays = days;
    }
  }
  return update;
}

/** A read before a write failed: nothing was written. An invoice Everflow does not have is refused; anything else is tried again. */
function readOutcome(error: unknown): SendOutcome {
  if (error instanceof NotFoundError) return { kind: 'refused', message: error.message };
  if (error instanceof NetworkInvoiceUnreadableError) return { kind: 'refused', message: error.message };
  if (error instanceof EverflowDeadlineError) return { kind: 'not-sent', message: 'no time was left to send it in this execution', outOfTime: true };
  return { kind: 'not-sent', message: `the invoice could not be read before changing it (${messageOf(error)})` };
}

/** A write's failure: unclear ones are `unknown`, refusals before processing `not-sent`, the rest `refused`. */
function writeOutcome(error: unknown): SendOutcome {
  if (error instanceof EverflowOutcomeUnknownError) return { kind: 'unknown', message: error.reason };
  // Found while building the body, before anything was sent.
  if (error instanceof NetworkInvoiceUnreadableError) return { kind: 'refused', message: error.message };
  if (error instanceof EverflowDeadlineError) return { kind: 'not-sent', message: 'no time was left to send it in this execution', outOfTime: true };
  if (error instanceof RateLimitedError) return { kind: 'not-sent', message: 'Everflow asked to slow down (429); it was not processed' };
  if (error instanceof EverflowError) return { kind: 'refused', message: error.message };
  return { kind: 'unknown', message: messageOf(error) };
}
