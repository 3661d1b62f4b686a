import {
  SETTLED_PAYMENT_STATUSES,
  centsToAmount,
  invoiceTotals,
  shownStatus,
  type FakeExtraPeriod,
  type FakeInvoice,
  type FakeLine,
  type FakePayment,
} from './model';
import type { QuirkRates } from './options';
import type { Json, JsonObject } from '../fake-http/json';
import { Prng, hashSeed } from '../fake-http/prng';
import type { AffiliateProfile } from './store';

export type { Json, JsonObject };

/**
 * Turns records into the JSON Everflow sends, then, when quirks are on, bends it the ways the
 * reference warns about. Quirks are drawn per record from (seed, kind, id), so a record looks the
 * same on every request whatever order requests arrive in.
 */
export class WireFormat {
  constructor(
    private readonly seed: number,
    private readonly quirks: QuirkRates,
  ) {}

  /** A row of the affiliate list: status as `affiliate_invoice_status`, with billed and paid. */
  listRow(invoice: FakeInvoice): JsonObject {
    const totals = invoiceTotals(invoice);
    const row: JsonObject = {
      network_affiliate_invoice_id: invoice.id,
      network_id: invoice.networkId,
      affiliate_invoice_status: shownStatus(invoice),
      start_time: invoice.startTime,
      end_time: invoice.endTime,
      timezone_id: invoice.timezoneId,
      balance: centsToAmount(totals.balanceCents),
      billed: centsToAmount(totals.billedCents),
      paid: centsToAmount(totals.paidCents),
      payment_terms: invoice.paymentTerms,
      currency_id: invoice.currency,
      notes: invoice.notes,
      time_created: invoice.timeCreated,
      time_saved: invoice.timeSaved,
    };
    return this.bend(row, 'row', invoice.id);
  }

  /** A network list row: the affiliate row plus the network's fields; terms are integer days. */
  networkListRow(invoice: FakeInvoice, profile: AffiliateProfile): JsonObject {
    const lastPayment = invoice.payments[invoice.payments.length - 1];
    const lastSettled = [...invoice.payments].reverse().find((payment) => SETTLED_PAYMENT_STATUSES.includes(payment.status));
    const { balanceCents } = invoiceTotals(invoice);
    return {
      ...this.listRow(invoice),
      network_affiliate_id: invoice.affiliateId,
      network_affiliate_name: profile.name,
      public_notes: invoice.notes,
      internal_notes: invoice.internalNotes ?? '',
      is_hidden_affiliate: invoice.hiddenAffiliate ?? false,
      payment_terms: paymentTermsDays(invoice.paymentTerms),
      payment_type: lastPayment?.paymentType ?? profile.paymentType,
      is_payable: balanceCents > 0,
      payment_status: lastPayment?.status ?? '',
      paid_date: lastSettled?.timeCompleted != null ? new Date(lastSettled.timeCompleted * 1000).toISOString().slice(0, 10) : null,
    };
  }

  /** One invoice by id: status as `status`, no billed/paid, lines and payments in `relationship`. */
  detail(invoice: FakeInvoice): JsonObject {
    const totals = invoiceTotals(invoice);
    const header: JsonObject = {
      network_affiliate_invoice_id: invoice.id,
      network_id: invoice.networkId,
      network_affiliate_id: invoice.affiliateId,
      status: shownStatus(invoice),
      start_time: invoice.startTime,
      end_time: invoice.endTime,
      notes: invoice.notes,
      balance: centsToAmount(totals.balanceCents),
      timezone_id: invoice.timezoneId,
      currency_id: invoice.currency,
      payment_terms: invoice.paymentTerms,
      time_created: invoice.timeCreated,
      time_saved: invoice.timeSaved,
    };
    const bent = this.bend(header, 'detail', invoice.id);
    const relationship: JsonObject = {
      details: invoice.lines.map((line) => this.line(line)),
      payments: invoice.payments.map((payment) => this.payment(payment, invoice.networkId)),
    };
    // Everflow's older example leaves out an empty extra_periods; the newer one always has it.
    if (invoice.extraPeriods.length > 0 || !this.rolls('detail-extra-periods', invoice.id, this.quirks.nullOptionals)) {
      relationship.extra_periods = invoice.extraPeriods.map((period) => this.extraPeriod(period));
    }
    bent.relationship = relationship;
    return bent;
  }

  private line(line: FakeLine): JsonObject {
    const json: JsonObject = {
      network_affiliate_invoice_detail_id: line.id,
      network_affiliate_invoice_id: line.invoiceId,
      network_offer_id: line.offerId,
      network_offer_name: line.offerName,
      amount: centsToAmount(line.amountCents),
      invoice_currency_amount: centsToAmount(line.invoiceCurrencyAmountCents),
      currency_id: line.currency,
      notes: line.notes,
      quantity: line.quantity,
      referral_history_id: line.referralHistoryId,
      type: line.type,
      time_created: line.timeCreated,
      time_saved: line.timeSaved,
    };
    const relationship: JsonObject = {};
    if (line.referredAffiliate) {
      relationship.referred_affiliate_id = line.referredAffiliate.id;
      relationship.referred_affiliate_name = line.referredAffiliate.name;
    }
    if (line.extraPeriodId !== null) relationship.extra_period_id = line.extraPeriodId;
    if (this.rolls('line-amount-gap', line.id, this.quirks.lineAmountGaps ?? 0)) {
      const gap = new Prng(hashSeed(this.seed, 'line-amount-gap-kind', line.id)).pick(['absent', 'null', 'text'] as const);
      if (gap === 'absent') delete json.invoice_currency_amount;
      else json.invoice_currency_amount = gap === 'null' ? null : 'n/a';
    }
    if (Object.keys(relationship).length > 0) json.relationship = relationship;
    return this.bend(json, 'line', line.id);
  }

  private payment(payment: FakePayment, networkId: number): JsonObject {
    const json: JsonObject = {
      network_affiliate_payment_id: payment.id,
      network_id: networkId,
      network_affiliate_invoice_id: payment.invoiceId,
      status: payment.status,
      notes: payment.notes,
      amount: centsToAmount(payment.amountCents),
      currency: payment.currency,
      unix_timestamp: payment.unixTimestamp,
      payment_type: payment.paymentType,
      payee_original_amount: centsToAmount(payment.payeeOriginalAmountCents),
      payee_fee_amount: centsToAmount(payment.payeeFeeAmountCents),
      payee_currency: payment.payeeCurrency,
      time_approved: payment.timeApproved,
      time_completed: payment.timeCompleted,
    };
    return this.bend(json, 'payment', payment.id);
  }

  private extraPeriod(period: FakeExtraPeriod): JsonObject {
    const json: JsonObject = {
      network_affiliate_invoice_extra_period_id: period.id,
      network_affiliate_invoice_id: period.invoiceId,
      start_time: period.startTime,
      end_time: period.endTime,
      timezone_id: period.timezoneId,
      time_created: period.timeCreated,
      time_saved: period.timeSaved,
    };
    const bent = this.bend(json, 'extraPeriod', period.id);
    bent.relationship = { associated_details: period.lines.map((line) => this.line(line)) };
    return bent;
  }

  private rolls(kind: string, id: number, rate: number): boolean {
    return rate > 0 && new Prng(hashSeed(this.seed, kind, id)).chance(rate);
  }

  /** Applies this record's quirks to a flat record (nested `relationship` is added afterwards). */
  private bend(record: JsonObject, kind: RecordKind, id: number): JsonObject {
    const shape = RECORD_SHAPES[kind];
    const rates = this.quirks;
    const rng = new Prng(hashSeed(this.seed, 'quirks', kind, id));
    const stringify = rng.chance(rates.numbersAsStrings);
    const blank = rng.chance(rates.nullOptionals);
    const extend = rng.chance(rates.extraFields);
    const iso = shape.periodFields.length > 0 && rng.chance(rates.isoPeriodTimes);
    if (!stringify && !blank && !extend && !iso) return record;

    const bent: JsonObject = { ...record };
    if (stringify) {
      for (const field of shape.numericFields) {
        const value = bent[field];
        if (typeof value === 'number' && rng.chance(0.5)) {
          bent[field] = shape.moneyFields.includes(field) ? value.toFixed(2) : String(value);
        }
      }
    }
    if (blank) {
      for (const field of shape.optionalFields) {
        if (!(field in bent) || !rng.chance(0.5)) continue;
        if (rng.chance(0.5)) bent[field] = null;
        else delete bent[field];
      }
    }
    if (extend) {
      const [name, value] = rng.pick(EXTRA_FIELDS);
      bent[name] = value;
    }
    if (iso) {
      for (const field of shape.periodFields) {
        const value = bent[field];
        if (typeof value === 'string') bent[field] = `${value.replace(' ', 'T')}Z`;
      }
    }
    return bent;
  }
}

type RecordKind = 'row' | 'detail' | 'line' | 'payment' | 'extraPeriod';

interface RecordShape {
  numericFields: readonly string[];
  moneyFields: readonly string[];
  /** Fields a client can live without; ids, amounts and status are never blanked. */
  optionalFields: readonly string[];
  /** Period times that may come in the ISO reading (details only). */
  periodFields: readonly string[];
}

const RECORD_SHAPES: Record<RecordKind, RecordShape> = {
  row: {
    numericFields: ['network_affiliate_invoice_id', 'network_id', 'timezone_id', 'balance', 'billed', 'paid', 'time_created', 'time_saved'],
    moneyFields: ['balance', 'billed', 'paid'],
    optionalFields: ['notes', 'payment_terms'],
    periodFields: [],
  },
  detail: {
    numericFields: ['network_affiliate_invoice_id', 'network_id', 'network_affiliate_id', 'balance', 'timezone_id', 'time_created', 'time_saved'],
    moneyFields: ['balance'],
    optionalFields: ['notes', 'payment_terms'],
    periodFields: ['start_time', 'end_time'],
  },
  line: {
    numericFields: [
      'network_affiliate_invoice_detail_id', 'network_affiliate_invoice_id', 'network_offer_id', 'amount',
      'invoice_currency_amount', 'quantity', 'referral_history_id', 'time_created', 'time_saved',
    ],
    moneyFields: ['amount', 'invoice_currency_amount'],
    optionalFields: ['network_offer_name', 'notes', 'quantity', 'referral_history_id', 'time_created', 'time_saved'],
    periodFields: [],
  },
  payment: {
    numericFields: [
      'network_affiliate_payment_id', 'network_id', 'network_affiliate_invoice_id', 'amount', 'unix_timestamp',
      'payee_original_amount', 'payee_fee_amount', 'time_approved', 'time_completed',
    ],
    moneyFields: ['amount', 'payee_original_amount', 'payee_fee_amount'],
    optionalFields: ['notes', 'payee_original_amount', 'payee_fee_amount', 'payee_currency', 'time_approved', 'time_completed'],
    periodFields: [],
  },
  extraPeriod: {
    numericFields: ['network_affiliate_invoice_extra_period_id', 'network_affiliate_invoice_id', 'timezone_id', 'time_created', 'time_saved'],
    moneyFields: [],
    optionalFields: ['time_created', 'time_saved'],
    periodFields: ['start_time', 'end_time'],
  },
};

const EXTRA_FIELDS: ReadonlyArray<readonly [string, Json]> = [
  ['is_locked', false],
  ['internal_reference', 'REF-2291'],
  ['metadata', { source: 'everflow', version: 2 }],
  ['tags', ['q4', 'priority']],
  ['deprecated_field', null],
];

/** "Net 30" -> 30, "Due on receipt" or none -> 0: the network side sends integer days. */
function paymentTermsDays(terms: string | null): number {
  const match = terms ? /(\d+)/.exec(terms) : null;
  return match ? Number(match[1]) : 0;
}

/** `GET /v1/affiliates/billing`. */
export function billingJson(profile: AffiliateProfile, networkId: number): JsonObject {
  return {
    network_affiliate_id: profile.affiliateId,
    network_id: networkId,
    payment_type: profile.paymentType,
    payment_terms: profile.paymentTerms,
    minimum_payout: centsToAmount(profile.minimumPayoutCents),
    currency_id: profile.currency,
    billing_frequency: profile.billingFrequency,
  };
}
