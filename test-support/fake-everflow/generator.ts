import {
  CURRENCIES,
  SETTLED_PAYMENT_STATUSES,
  centsPerMinorUnit,
  convertCents,
  invoiceTotals,
  roundToCurrency,
  type FakeExtraPeriod,
  type FakeInvoice,
  type FakeLine,
  type FakePayment,
  type LineType,
} from './model';
import { Prng, hashSeed } from '../fake-http/prng';

/**
 * Seeded, realistic Everflow affiliate invoices: the edge cases a client meets in the wild
 * (zero-decimal currencies, foreign-currency lines, extra periods, open enumerations, hostile
 * notes, unknown zones, periods across DST changes) appear at steady rates.
 */

export interface GenerateInvoicesOptions {
  seed: number;
  count: number;
  affiliateId: number;
  networkId: number;
  /** "Now" for the data: every period has ended and every timestamp is at or before it. */
  nowMs: number;
}

/** Invoices newest first by period, ids rising with time; the same options give the same data. */
export function generateInvoices(options: GenerateInvoicesOptions): FakeInvoice[] {
  return new InvoiceFactory(options).history(options.count, options.nowMs);
}

/** Text that breaks naive spreadsheets and web pages: formulas, markup, control characters. */
export const HOSTILE_NOTES: readonly string[] = [
  '=HYPERLINK("http://x","y")',
  '+1',
  '-2',
  '@SUM(A1)',
  '=1+1',
  '<img src=x onerror=alert(1)>',
  '<script>alert("x")</script>',
  '\tleading tab',
  'carriage\rreturn',
  'two\nlines',
  'Zürich café – naïve façade, 東京, مرحبا, Ωmega',
  'Paid 🎉💸 thanks 👍🏽',
  'Long note. '.repeat(200).trim(),
  // Longer than a Sheets cell may hold (50,000 characters).
  'x'.repeat(50_010),
];

const ORDINARY_NOTES: readonly string[] = [
  'Thanks for your business',
  'Includes Q3 bonus',
  'Net terms per IO #4411',
  'Payout via wire, reference on remittance',
];

const OFFER_NAMES: readonly string[] = [
  'Gaming Offer Example',
  'Sweepstakes – iPhone 16 (US)',
  'Finance: Credit Card Lead',
  'VPN Trial CPA',
  'Dating SOI (DE)',
  'Nutra Trial – Keto',
  'Crypto Exchange Sign-up',
  'Mobile Game Install (iOS)',
  'Insurance Quote',
  'Solar Lead – CA',
  '=Offer+1',
  'Offer, with "quotes", commas',
  'Café Offer (FR) ☕',
];

const REFERRED_AFFILIATE_NAMES: readonly string[] = [
  'Referred John Doe',
  'Ana García',
  'Media Buyers Ltd',
  '李雷 Traffic',
  '@Partner Network',
];

const ADJUSTMENT_NOTES: readonly string[] = ['Chargebacks', 'Q4 bonus', 'Manual correction', 'Fraud reversal', 'Late conversions'];

const TIMEZONE_WEIGHTS: ReadonlyArray<readonly [number, number]> = [
  [80, 30], [63, 10], [67, 10], [90, 10], [56, 8], [85, 6], [58, 5], [55, 4], [87, 4],
  [75, 3], [89, 3], [97, 3],
  [16, 3], [12, 2], [31, 1], // beyond the ids Everflow's pages print: Tokyo, Sydney (DST), Kolkata (+05:30)
  [999, 2], // an id missing from every known table: clients must show it, not fail
];

const CURRENCY_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ['USD', 40], ['EUR', 15], ['GBP', 10], ['CAD', 7], ['JPY', 7], ['AUD', 6], ['INR', 4],
  ['CHF', 3], ['SEK', 3], ['BRL', 3], ['KRW', 2],
];

const PAYMENT_TERMS_WEIGHTS: ReadonlyArray<readonly [string | null, number]> = [
  ['Net 30', 40], ['Net 15', 12], ['Net 45', 10], ['Net 60', 8], ['Due on receipt', 15], [null, 15],
];

/** Documented types, the ones other Everflow pages name, and some nobody documented. */
const PAYMENT_TYPE_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ['paypal', 15], ['wire', 12], ['pay', 10], ['direct_deposit', 8], ['ach', 6], ['wire_transfer', 6],
  ['payoneer', 5], ['tipalti', 5], ['check', 4], ['other', 3], ['veem', 2], ['masspay', 2], ['paxum', 2],
  ['bitcoin', 2], ['webmoney', 1], ['capitalist', 1], ['gift_card', 1], ['skrill', 2], ['transferwise', 3],
  ['none', 1], ['crypto_usdt', 1], ['zelle', 1], ['revolut', 1],
];

const UNKNOWN_PAYMENT_STATUSES: readonly string[] = ['processing', 'on_hold', 'reversed'];

const MONTH_NAMES: readonly string[] = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

const DAY_SECONDS = 86_400;

/** Keeps histories of any size within roughly this many periods (several invoices share one). */
const MAX_HISTORY_PERIODS = 240;

interface Period {
  /** "YYYY-MM-DD HH:MM:SS" wall clock. */
  start: string;
  end: string;
}

export interface InvoiceFactoryParams {
  seed: number;
  affiliateId: number;
  networkId: number;
}

/**
 * Builds invoices and the pieces mutations add to them. Ids come from counters based on the
 * affiliate id, so two affiliates' datasets never share an invoice id.
 */
/** A line item a network sends, in the invoice's currency. */
export interface GivenLine {
  id: number | null;
  type: LineType;
  offerId: number;
  offerName: string;
  amountCents: number;
  quantity: number;
  notes: string;
}

export interface CreatedInvoiceSpec {
  startDate: string;
  endDate: string;
  timezoneId: number;
  currency: string;
  paymentTerms: string | null;
  publicNotes: string;
  internalNotes: string;
  hiddenAffiliate: boolean;
  lines: GivenLine[];
}

export class InvoiceFactory {
  private readonly rng: Prng;
  private nextInvoiceId: number;
  private nextLineId: number;
  private nextPaymentId: number;
  private nextExtraPeriodId: number;
  private nextReferralHistoryId: number;

  constructor(private readonly params: InvoiceFactoryParams) {
    this.rng = new Prng(hashSeed('invoices', params.seed, params.affiliateId));
    const idBase = params.affiliateId * 10_000_000;
    this.nextInvoiceId = idBase + 1;
    this.nextLineId = idBase + 1;
    this.nextPaymentId = idBase + 1;
    this.nextExtraPeriodId = idBase + 1;
    this.nextReferralHistoryId = idBase + 1;
  }

  /** `count` invoices over past periods, newest first; built oldest first so ids rise with time. */
  history(count: number, nowMs: number): FakeInvoice[] {
    const periods = planPeriods(count, nowMs, this.rng);
    const nowSec = Math.floor(nowMs / 1000);
    const invoices = [...periods].reverse().map((period) => this.invoice(period, nowSec, 'historic'));
    return invoices.reverse();
  }

  /** An invoice created just now for the latest ended period: no payments yet. */
  fresh(nowMs: number): FakeInvoice {
    const [period] = planPeriods(1, nowMs, this.rng);
    if (!period) throw new Error('no period before now');
    return this.invoice(period, Math.floor(nowMs / 1000), 'fresh');
  }

  /** An invoice a network creates (`POST /v1/networks/billings/affiliates/invoices`): its lines as given, no payments. */
  created(spec: CreatedInvoiceSpec, nowSec: number): FakeInvoice {
    const invoice: FakeInvoice = {
      id: this.nextInvoiceId++,
      networkId: this.params.networkId,
      affiliateId: this.params.affiliateId,
      startTime: `${spec.startDate} 00:00:00`,
      endTime: `${spec.endDate} 23:59:59`,
      timezoneId: spec.timezoneId,
      currency: spec.currency,
      paymentTerms: spec.paymentTerms,
      notes: spec.publicNotes,
      internalNotes: spec.internalNotes,
      hiddenAffiliate: spec.hiddenAffiliate,
      timeCreated: nowSec,
      timeSaved: nowSec,
      lines: [],
      extraPeriods: [],
      payments: [],
    };
    invoice.lines = spec.lines.map((line) => this.givenLine(invoice, line, nowSec));
    return invoice;
  }

  /** A line as a network sent it; `id` keeps an existing line's id (a PUT sending it back). */
  givenLine(invoice: FakeInvoice, given: GivenLine, nowSec: number): FakeLine {
    return {
      id: given.id ?? this.nextLineId++,
      invoiceId: invoice.id,
      type: given.type,
      offerId: given.offerId,
      offerName: given.offerName,
      amountCents: given.amountCents,
      invoiceCurrencyAmountCents: given.amountCents,
      currency: invoice.currency,
      notes: given.notes,
      quantity: given.quantity,
      referralHistoryId: 0,
      referredAffiliate: null,
      extraPeriodId: null,
      timeCreated: nowSec,
      timeSaved: nowSec,
    };
  }

  /** A payment that settles `amountCents` of the invoice now. */
  settlingPayment(invoice: FakeInvoice, amountCents: number, nowSec: number): FakePayment {
    return this.payment(invoice, this.rng.chance(0.7) ? 'completed' : 'paid', amountCents, nowSec, nowSec);
  }

  /** A line that changes what the invoice bills, e.g. late conversions re-opening a paid invoice. */
  adjustmentLine(invoice: FakeInvoice, amountCents: number, nowSec: number): FakeLine {
    const line = this.line(invoice, 'adjustment', invoice.currency, amountCents, nowSec, null);
    line.notes = this.rng.pick(ADJUSTMENT_NOTES);
    return line;
  }

  /** A positive amount of a size that suits the invoice, rounded to its currency. */
  adjustmentAmount(invoice: FakeInvoice): number {
    const usdCents = this.rng.int(500, 50_000);
    return Math.max(centsPerMinorUnit(invoice.currency), convertCents(usdCents, 'USD', invoice.currency));
  }

  /** Uniform in [0, 1) from the factory's stream, for deterministic choices made by mutations. */
  draw(): number {
    return this.rng.next();
  }

  private invoice(period: Period, nowSec: number, kind: 'historic' | 'fresh'): FakeInvoice {
    const rng = this.rng;
    const periodEndSec = wallToApproxSeconds(period.end) + 1;
    const timeCreated = kind === 'fresh' ? nowSec : Math.min(nowSec, periodEndSec + rng.int(3_600, 4 * DAY_SECONDS));
    const invoice: FakeInvoice = {
      id: this.nextInvoiceId++,
      networkId: this.params.networkId,
      affiliateId: this.params.affiliateId,
      startTime: period.start,
      endTime: period.end,
      timezoneId: rng.weighted(TIMEZONE_WEIGHTS),
      currency: rng.weighted(CURRENCY_WEIGHTS),
      paymentTerms: rng.weighted(PAYMENT_TERMS_WEIGHTS),
      notes: '',
      timeCreated,
      timeSaved: timeCreated,
      lines: [],
      extraPeriods: [],
      payments: [],
    };
    invoice.notes = this.invoiceNote(period);
    invoice.lines = this.ownLines(invoice, timeCreated, nowSec);
    if (rng.chance(0.1)) invoice.extraPeriods = this.extraPeriods(invoice, timeCreated, nowSec);
    if (kind === 'historic') invoice.payments = this.payments(invoice, nowSec);

    const latestActivity = Math.max(
      timeCreated,
      ...invoice.payments.flatMap((p) => [p.unixTimestamp, p.timeApproved ?? 0, p.timeCompleted ?? 0]),
      ...invoice.lines.map((line) => line.timeSaved),
      ...invoice.extraPeriods.map((extra) => extra.timeSaved),
    );
    invoice.timeSaved = kind === 'fresh' ? latestActivity : Math.min(nowSec, latestActivity + rng.int(0, 2 * DAY_SECONDS));
    return invoice;
  }

  private invoiceNote(period: Period): string {
    const rng = this.rng;
    const roll = rng.next();
    if (roll < 0.5) return '';
    if (roll < 0.75) {
      const month = Number(period.start.slice(5, 7));
      return `Invoice for ${MONTH_NAMES[month - 1] ?? ''} ${period.start.slice(0, 4)}`;
    }
    if (roll < 0.88) return rng.pick(HOSTILE_NOTES);
    return rng.pick(ORDINARY_NOTES);
  }

  private ownLines(invoice: FakeInvoice, createdSec: number, nowSec: number): FakeLine[] {
    const rng = this.rng;
    const offers = Array.from({ length: rng.int(1, 6) }, () => this.offerLine(invoice, createdSec, nowSec, null));
    const subtotal = offers.reduce((sum, line) => sum + line.invoiceCurrencyAmountCents, 0);
    const lines = [...offers];
    const share = (fraction: number): number =>
      Math.max(centsPerMinorUnit(invoice.currency), roundToCurrency(subtotal * fraction, invoice.currency));

    if (rng.chance(0.15)) {
      const referral = this.line(invoice, 'referral', invoice.currency, share(rng.int(1, 5) / 100), createdSec, null, nowSec);
      referral.referralHistoryId = this.nextReferralHistoryId++;
      referral.referredAffiliate = { id: rng.int(100, 9_999), name: rng.pick(REFERRED_AFFILIATE_NAMES) };
      lines.push(referral);
    }
    if (rng.chance(0.2)) {
      // Negative at most 30% of the offers, so an invoice always bills a positive amount.
      const magnitude = share(rng.int(1, 30) / 100);
      const adjustment = this.line(invoice, 'adjustment', invoice.currency, rng.chance(0.5) ? -magnitude : magnitude, createdSec, null, nowSec);
      adjustment.notes = rng.pick(ADJUSTMENT_NOTES);
      lines.push(adjustment);
    }
    if (rng.chance(0.15)) {
      const ratePercent = rng.pick([10, 19, 20, 21]);
      const vat = this.line(invoice, 'vat', invoice.currency, share(ratePercent / 100), createdSec, null, nowSec);
      vat.notes = `VAT ${ratePercent}%`;
      lines.push(vat);
    }
    return lines;
  }

  private offerLine(invoice: FakeInvoice, createdSec: number, nowSec: number, extraPeriodId: number | null): FakeLine {
    const rng = this.rng;
    const currency = rng.chance(0.12) ? rng.pick(Object.keys(CURRENCIES).filter((c) => c !== invoice.currency)) : invoice.currency;
    const payoutCents = Math.max(centsPerMinorUnit(currency), convertCents(rng.int(1, 8_000), 'USD', currency));
    const quantity = rng.int(1, 250);
    const line = this.line(invoice, 'offer_detail', currency, payoutCents * quantity, createdSec, extraPeriodId, nowSec);
    line.quantity = quantity;
    line.offerId = rng.int(1_000, 9_999);
    line.offerName = rng.pick(OFFER_NAMES);
    if (rng.chance(0.05)) line.notes = rng.pick(HOSTILE_NOTES);
    return line;
  }

  private line(
    invoice: FakeInvoice,
    type: LineType,
    currency: string,
    amountCents: number,
    createdSec: number,
    extraPeriodId: number | null,
    nowSec: number = createdSec,
  ): FakeLine {
    return {
      id: this.nextLineId++,
      invoiceId: invoice.id,
      type,
      offerId: 0,
      offerName: '',
      amountCents,
      invoiceCurrencyAmountCents: convertCents(amountCents, currency, invoice.currency),
      currency,
      notes: '',
      quantity: 0,
      referralHistoryId: 0,
      referredAffiliate: null,
      extraPeriodId,
      timeCreated: createdSec,
      timeSaved: Math.min(nowSec, createdSec + this.rng.int(0, 600)),
    };
  }

  /** Earlier weeks billed late on this invoice, each with its own lines. */
  private extraPeriods(invoice: FakeInvoice, createdSec: number, nowSec: number): FakeExtraPeriod[] {
    const rng = this.rng;
    const periodStart = wallToDate(invoice.startTime);
    return Array.from({ length: rng.int(1, 2) }, (_, index) => {
      const start = addDays(periodStart, -7 * (index + 1));
      const id = this.nextExtraPeriodId++;
      const lines = Array.from({ length: rng.int(1, 3) }, () => this.offerLine(invoice, createdSec, nowSec, id));
      return {
        id,
        invoiceId: invoice.id,
        startTime: formatWall(start, '00:00:00'),
        endTime: formatWall(addDays(start, 6), '23:59:59'),
        timezoneId: rng.chance(0.9) ? invoice.timezoneId : rng.weighted(TIMEZONE_WEIGHTS),
        timeCreated: createdSec,
        timeSaved: Math.max(createdSec, ...lines.map((line) => line.timeSaved)),
        lines,
      };
    });
  }

  /** Older invoices are mostly paid; unpaid ones show every shape of payment in flight. */
  private payments(invoice: FakeInvoice, nowSec: number): FakePayment[] {
    const rng = this.rng;
    const { billedCents } = invoiceTotals(invoice);
    const ageDays = (nowSec - invoice.timeCreated) / DAY_SECONDS;
    const paidProbability = ageDays > 60 ? 0.9 : ageDays > 20 ? 0.6 : 0.25;
    const sinceCreated = Math.max(0, nowSec - invoice.timeCreated);
    const firstAt = invoice.timeCreated + rng.int(Math.min(DAY_SECONDS, sinceCreated), Math.min(40 * DAY_SECONDS, sinceCreated));
    const settled = (): string => (rng.chance(0.7) ? 'completed' : 'paid');

    if (rng.chance(paidProbability)) {
      const [first, second] = this.split(billedCents, invoice.currency);
      const shape = rng.next();
      if (shape < 0.15) {
        return [this.payment(invoice, 'rejected', billedCents, firstAt, nowSec), this.payment(invoice, settled(), billedCents, firstAt, nowSec)];
      }
      if (shape < 0.4 && second > 0) {
        return [this.payment(invoice, settled(), first, firstAt, nowSec), this.payment(invoice, settled(), second, firstAt, nowSec)];
      }
      return [this.payment(invoice, settled(), billedCents, firstAt, nowSec)];
    }

    const shape = rng.next();
    if (shape < 0.4) return [];
    if (shape < 0.6) return [this.payment(invoice, 'pending', billedCents, firstAt, nowSec)];
    if (shape < 0.7) return [this.payment(invoice, 'rejected', billedCents, firstAt, nowSec)];
    if (shape < 0.85) {
      const [partial, rest] = this.split(billedCents, invoice.currency);
      if (rest > 0) {
        return [this.payment(invoice, settled(), partial, firstAt, nowSec), this.payment(invoice, 'pending', rest, firstAt, nowSec)];
      }
      return [this.payment(invoice, 'pending', billedCents, firstAt, nowSec)];
    }
    return [this.payment(invoice, rng.pick(UNKNOWN_PAYMENT_STATUSES), billedCents, firstAt, nowSec)];
  }

  /** Two positive parts that add up to the total exactly, or the total and 0 when it cannot split. */
  private split(totalCents: number, currency: string): [number, number] {
    const first = roundToCurrency(totalCents * (0.2 + 0.6 * this.rng.next()), currency);
    if (first <= 0 || first >= totalCents) return [totalCents, 0];
    return [first, totalCents - first];
  }

  private payment(invoice: FakeInvoice, status: string, amountCents: number, atSec: number, nowSec: number): FakePayment {
    const rng = this.rng;
    const unixTimestamp = Math.min(nowSec, atSec + rng.int(0, DAY_SECONDS));
    const isSettled = SETTLED_PAYMENT_STATUSES.includes(status);
    const timeApproved = isSettled || (status === 'pending' && rng.chance(0.5)) ? Math.min(nowSec, unixTimestamp + rng.int(0, 2 * DAY_SECONDS)) : null;
    const timeCompleted = isSettled && timeApproved !== null ? Math.min(nowSec, timeApproved + rng.int(0, 3 * DAY_SECONDS)) : null;
    const payeeCurrency = rng.chance(0.8) ? invoice.currency : rng.pick(Object.keys(CURRENCIES));
    const payeeOriginalAmountCents = convertCents(amountCents, invoice.currency, payeeCurrency);
    const payeeFeeAmountCents = rng.chance(0.6) ? 0 : roundToCurrency(payeeOriginalAmountCents * (rng.int(1, 3) / 100), payeeCurrency);
    return {
      id: this.nextPaymentId++,
      invoiceId: invoice.id,
      status,
      notes: rng.chance(0.05) ? rng.pick(HOSTILE_NOTES) : rng.chance(0.3) ? `Batch ${new Date(unixTimestamp * 1000).toISOString().slice(0, 7)}` : '',
      amountCents,
      currency: invoice.currency,
      unixTimestamp,
      paymentType: rng.weighted(PAYMENT_TYPE_WEIGHTS),
      payeeOriginalAmountCents,
      payeeFeeAmountCents,
      payeeCurrency,
      timeApproved,
      timeCompleted,
    };
  }
}

/**
 * Walks back from the start of the current month in months (mostly) and weeks. Months such as
 * March, October and November, and the weeks around them, cross daylight-saving changes.
 */
function planPeriods(count: number, nowMs: number, rng: Prng): Period[] {
  const now = new Date(nowMs);
  let cursor = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const invoicesPerPeriod = Math.max(1, Math.ceil(count / MAX_HISTORY_PERIODS));
  const periods: Period[] = [];
  let current: Period | null = null;
  for (let index = 0; index < count; index++) {
    if (current === null || index % invoicesPerPeriod === 0) {
      const lastDay = addDays(cursor, -1);
      const start = rng.chance(0.75)
        ? new Date(Date.UTC(lastDay.getUTCFullYear(), lastDay.getUTCMonth(), 1))
        : addDays(cursor, -7);
      current = { start: formatWall(start, '00:00:00'), end: formatWall(lastDay, '23:59:59') };
      cursor = start;
    }
    periods.push(current);
  }
  return periods;
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_SECONDS * 1000);
}

function formatWall(date: Date, time: string): string {
  return `${date.toISOString().slice(0, 10)} ${time}`;
}

/** Midnight (UTC-based arithmetic only) of a wall clock's date. */
function wallToDate(wall: string): Date {
  return new Date(`${wall.slice(0, 10)}T00:00:00Z`);
}

/** The wall clock read as if it were UTC: close enough to order creation times after a period. */
function wallToApproxSeconds(wall: string): number {
  return Math.floor(Date.parse(`${wall.replace(' ', 'T')}Z`) / 1000);
}
