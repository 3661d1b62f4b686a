import type { Deadline } from '../../ports/clock';
import type { AffiseClient, AffisePaymentUpdate } from '../../provider/affise/client';
import { AffiseDeadlineError, AffiseError, AffiseOutcomeUnknownError, AffiseRateLimitedError } from '../../provider/affise/errors';
import { AFFISE_STATUS_CODES, AFFISE_STATUS_WORDS, type AffiseCurrency, type AffisePayment, type AffiseStatusWord } from '../../provider/affise/normalize';
import { allTimeRange } from '../../provider/affise/query';
import { messageOf } from '../user-message';
import type { LandedVerdict, PlannedChange, SendOutcome } from './change';
import type { ChangeProvider, CurrentInvoice, ReviewFacts } from './provider-port';
import type { RememberedInvoice, TokenedNewRow } from './review';
import { decimalUnits, noteWithToken, tokenInNote } from './tokens';

/**
 * Affise creates invoices "in a few minutes". A creation whose answer was unclear and that has not
 * appeared this long after it was sent did not happen: only then may it be sent again.
 */
export const CREATION_GRACE_MS = 15 * 60_000;

/** Deletions per `bulk-delete` request: small enough that one unclear answer leaves few to check. */
const DELETE_BATCH = 50;

/**
 * The change engine's Affise side: updates are `POST /3.1/payments/{id}`, corrections
 * `add-correction`, deletions `bulk-delete`, creations `create-for-affiliate`; "did it land?" is a
 * read of the invoices (status set? correction in `additional_payments`? invoice gone? the new
 * invoice with the row's token?).
 */
export class AffiseChangeProvider implements ChangeProvider<AffisePayment> {
  readonly name = 'Affise';
  readonly creationDelay = 'it creates them in a few minutes';
  private currencyList: AffiseCurrency[] | null = null;

  constructor(
    private readonly client: AffiseClient,
    private readonly now: () => number,
  ) {}

  readCurrent(invoiceIds: readonly string[], deadline: Deadline): Map<string, CurrentInvoice<AffisePayment>> {
    const ids = invoiceIds.map(Number).filter((id) => Number.isSafeInteger(id) && id >= 0);
    const current = new Map<string, CurrentInvoice<AffisePayment>>();
    if (ids.length === 0) return current;
    for (const payment of this.client.listPaymentsByIds(ids, deadline)) current.set(String(payment.id), { id: String(payment.id), version: payment.updatedAtRaw, record: payment });
    return current;
  }

  reviewFacts(affiliateIds: readonly string[], deadline: Deadline): ReviewFacts {
    // A currency Affise lists as inactive (`"active": false`) is one the account does not use.
    const currencies = new Set(this.currencyRecords(deadline).filter((currency) => currency.active !== false).map((currency) => currency.code.toUpperCase()));
    const wanted = new Set(affiliateIds);
    const affiliates = new Set(wanted.size === 0 ? [] : this.client.listPartners(deadline).map((partner) => String(partner.id)).filter((id) => wanted.has(id)));
    return { currencies, affiliates, statuses: Object.values(AFFISE_STATUS_WORDS) };
  }

  baseline(change: PlannedChange, current: CurrentInvoice<AffisePayment> | undefined): string {
    if (change.action === 'correction') return String(current ? matchingCorrections(current.record, change) : 0);
    if (change.action === 'create') return String(this.now());
    return '';
  }

  describeBefore(change: PlannedChange, current: CurrentInvoice<AffisePayment> | undefined): string {
    const payment = current?.record;
    switch (change.action) {
      case 'update':
        return change.fields.map((field) => `${field.field}: ${payment ? (fieldOf(payment, field.field) ?? '') : field.before}`).join('; ');
      case 'correction':
      case 'delete':
        return payment ? `total ${payment.total?.text ?? '?'} ${payment.currency ?? ''}, status ${payment.status ?? '?'}` : '';
      case 'create':
        return '(none)';
    }
  }

  send(change: PlannedChange, deadline: Deadline): SendOutcome {
    return outcomeOf(() => {
      const id = Number(change.invoiceId);
      switch (change.action) {
        case 'update':
          this.client.updatePayment(id, updateOf(change), deadline);
          return { kind: 'applied', message: 'OK' };
        case 'correction': {
          const result = this.client.addCorrection(id, { revenue: change.amount?.text ?? '', comment: change.comment }, deadline);
          return { kind: 'applied', message: result.correctionId ? `correction ${result.correctionId}` : 'OK' };
        }
        case 'create': {
          const currency = change.amount?.currency ?? '';
          const currencyId = this.currencies(deadline).get(currency);
          if (currencyId === undefined) return { kind: 'refused', message: `the account does not use ${currency}` };
          this.client.createPaymentForAffiliate(
            { affiliateId: Number(change.affiliateId), sum: change.amount?.text ?? '', currencyId, note: noteWithToken(change.comment, change.token ?? '') },
            deadline,
          );
          return { kind: 'applied', message: 'accepted; Affise creates invoices asynchronously' };
        }
        case 'delete':
          throw new Error('unreachable: deletions go through sendBatch');
      }
    });
  }

  batchKey(change: PlannedChange): string | null {
    return change.action === 'delete' ? 'bulk-delete' : null;
  }

  batchSize(): number {
    return DELETE_BATCH;
  }

  /** Deletions, the only batch Affise has (`bulk-delete`, true/false per id). */
  sendBatch(changes: readonly PlannedChange[], deadline: Deadline): Map<string, SendOutcome> {
    const byId = new Map(changes.map((change) => [Number(change.invoiceId), change.key]));
    const answers = new Map<string, SendOutcome>();
    let result: ReturnType<AffiseClient['bulkDeletePayments']> | null = null;
    const failure = outcomeOf(() => {
      result = this.client.bulkDeletePayments([...byId.keys()], deadline);
      return { kind: 'applied', message: 'OK' };
    });
    const answered = result as ReturnType<AffiseClient['bulkDeletePayments']> | null;
    if (answered === null) {
      for (const key of byId.values()) answers.set(key, failure);
      return answers;
    }
    for (const id of answered.deleted) answers.set(byId.get(id) ?? '', { kind: 'applied', message: 'deleted' });
    for (const id of answered.refused) answers.set(byId.get(id) ?? '', { kind: 'refused', message: 'Affise answered false for this id (not deleted)' });
    for (const id of answered.unanswered) answers.set(byId.get(id) ?? '', { kind: 'unknown', message: "this id was missing from Affise's answer" });
    return answers;
  }

  landed(changes: ReadonlyArray<{ change: PlannedChange; baseline: string }>, deadline: Deadline): Map<string, LandedVerdict> {
    const verdicts = new Map<string, LandedVerdict>();
    const existing = changes.filter(({ change }) => change.action !== 'create');
    const current = this.readCurrent(
      existing.map(({ change }) => change.invoiceId ?? ''),
      deadline,
    );
    for (const { change, baseline } of existing) {
      const payment = current.get(change.invoiceId ?? '')?.record;
      verdicts.set(change.key, verdictFor(change, baseline, payment));
    }
    const creations = changes.filter(({ change }) => change.action === 'create');
    if (creations.length === 0) return verdicts;
    // One listing for every affiliate concerned, from a day before the earliest send (`updated_at`
    // is the network's wall clock, whose zone is not known here).
    const sentMs = Math.min(...creations.map((item) => Number(item.baseline) || 0));
    const since = new Date(sentMs - 86_400_000).toISOString().slice(0, 10);
    const affiliateIds = [...new Set(creations.map((item) => Number(item.change.affiliateId)))];
    const payments = this.client.listPayments({ ...allTimeRange(this.now()), affiliateIds, updateFromDate: since }, deadline);
    for (const { change, baseline } of creations) {
      const found = payments.find((payment) => createdBy(change, payment));
      const overdue = this.now() - (Number(baseline) || 0) > CREATION_GRACE_MS;
      verdicts.set(
        change.key,
        found ? { kind: 'landed', invoiceId: String(found.id) } : overdue ? { kind: 'not-landed' } : { kind: 'cannot-tell', message: 'the new invoice is not in Affise yet' },
      );
    }
    return verdicts;
  }

  /** ISO code -> Affise's numeric currency id. */
  private currencies(deadline: Deadline): Map<string, string> {
    return new Map(this.currencyRecords(deadline).map((currency) => [currency.code.toUpperCase(), currency.id]));
  }

  /** Affise's currency list, read once. */
  private currencyRecords(deadline: Deadline): AffiseCurrency[] {
    this.currencyList ??= this.client.listCurrencies(deadline);
    return this.currencyList;
  }
}

/** Whether this invoice is the one a creation made: affiliate, amount, currency and the row's token. */
export function createdBy(change: PlannedChange, payment: AffisePayment): boolean {
  if (change.token === null || tokenInNote(payment.notes) !== change.token) return false;
  if (String(payment.affiliateId) !== change.affiliateId) return false;
  if ((payment.currency ?? '').toUpperCase() !== (change.amount?.currency ?? '').toUpperCase()) return false;
  return payment.amount !== null && BigInt(payment.amount.units) === decimalUnits(change.amount?.text ?? '0');
}

function verdictFor(change: PlannedChange, baseline: string, payment: AffisePayment | undefined): LandedVerdict {
  switch (change.action) {
    case 'delete':
      return payment ? { kind: 'not-landed' } : { kind: 'landed' };
    case 'update':
      if (!payment) return { kind: 'cannot-tell', message: `invoice ${change.invoiceId ?? ''} cannot be found in Affise` };
      return change.fields.every((field) => (fieldOf(payment, field.field) ?? '') === field.after) ? { kind: 'landed' } : { kind: 'not-landed' };
    case 'correction':
      if (!payment) return { kind: 'cannot-tell', message: `invoice ${change.invoiceId ?? ''} cannot be found in Affise` };
      return matchingCorrections(payment, change) > Number(baseline || '0') ? { kind: 'landed' } : { kind: 'not-landed' };
    case 'create':
      return { kind: 'cannot-tell', message: 'creations are found by listing' };
  }
}

function matchingCorrections(payment: AffisePayment, change: PlannedChange): number {
  const units = decimalUnits(change.amount?.text ?? '0');
  return payment.corrections.filter((correction) => correction.amount !== null && BigInt(correction.amount.units) === units && (correction.comment ?? '') === change.comment).length;
}

/** A neutral field of an Affise invoice as text. */
function fieldOf(payment: AffisePayment, field: string): string | null {
  switch (field) {
    case 'status':
      return payment.status;
    case 'comment':
      return payment.comment;
    case 'notes':
      return payment.notes;
    case 'paymentAccount':
      return payment.paymentAccount;
    default:
      return null;
  }
}

function updateOf(change: PlannedChange): AffisePaymentUpdate {
  const update: AffisePaymentUpdate = {};
  for (const field of change.fields) {
    if (field.field === 'status') update.status = AFFISE_STATUS_CODES[field.after as AffiseStatusWord];
    else if (field.field === 'comment') update.comment = field.after;
    else if (field.field === 'notes') update.note = field.after;
    else if (field.field === 'paymentAccount') update.paymentAccount = field.after;
  }
  return update;
}

/** Affise's errors as outcomes: unclear ones are `unknown`, refusals before processing `not-sent`, the rest `refused`. */
function outcomeOf(send: () => SendOutcome): SendOutcome {
  try {
    return send();
  } catch (error) {
    if (error instanceof AffiseOutcomeUnknownError) return { kind: 'unknown', message: error.reason };
    if (error instanceof AffiseDeadlineError) return { kind: 'not-sent', message: 'no time was left to send it in this execution', outOfTime: true };
    if (error instanceof AffiseRateLimitedError) return { kind: 'not-sent', message: 'Affise asked to slow down (429); it was not processed' };
    if (error instanceof AffiseError) return { kind: 'refused', message: error.affiseMessage ?? error.message };
    if (error instanceof RangeError) return { kind: 'refused', message: error.message };
    return { kind: 'unknown', message: messageOf(error) };
  }
}

/** What an editable sheet shows and remembers of an Affise invoice. */
export function rememberAffisePayment(payment: AffisePayment): RememberedInvoice & { id: string } {
  return {
    id: String(payment.id),
    version: payment.updatedAtRaw,
    currency: payment.currency ?? '',
    fields: { status: payment.status ?? '', comment: payment.comment ?? '', notes: payment.notes ?? '', paymentAccount: payment.paymentAccount ?? '' },
  };
}

/**
 * For a refresh of an editable report: the typed new rows that an invoice Affise created now
 * answers (same token, affiliate, amount and currency), so the refresh writes the invoice into that
 * row (its Invoice ID set) instead of adding it as another row. Each invoice binds one row at most.
 */
export function bindCreatedInvoices(rows: readonly TokenedNewRow[], payments: readonly AffisePayment[]): Array<{ sheetRow: number; payment: AffisePayment }> {
  const byToken = new Map<string, AffisePayment>();
  for (const payment of payments) {
    const token = tokenInNote(payment.notes);
    if (token !== null && !byToken.has(token)) byToken.set(token, payment);
  }
  const bound: Array<{ sheetRow: number; payment: AffisePayment }> = [];
  for (const row of rows) {
    const payment = byToken.get(row.token);
    if (!payment || row.amount === null) continue;
    const typed: PlannedChange = { key: '', action: 'create', invoiceId: null, rowKey: '', fields: [], amount: { text: row.amount, currency: row.currency }, comment: '', affiliateId: row.affiliateId, token: row.token, baseVersion: null };
    if (!createdBy(typed, payment)) continue;
    bound.push({ sheetRow: row.sheetRow, payment });
    byToken.delete(row.token);
  }
  return bound;
}
