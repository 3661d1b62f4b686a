import type { Json, JsonObject } from '../fake-http/json';
import { Prng, hashSeed } from '../fake-http/prng';
import { AFFISE_CURRENCIES, revenueUnits, unitsToText, type FakeAffisePartner, type FakeAffisePayment } from './data';
import type { AffiseQuirkRates } from './options';

/**
 * Records as the JSON Affise sends: `revenue` as text with 8 decimals, `currency` as a numeric id
 * in text beside `currency_code`, `details` keyed by offer id then by payout, and PHP's empty
 * arrays (`additional_payments: []`, `details: []`). Quirks are drawn per record from (seed, id),
 * so a record looks the same on every request.
 */
export class AffiseWire {
  constructor(
    private readonly seed: number,
    private readonly quirks: AffiseQuirkRates,
  ) {}

  payment(payment: FakeAffisePayment): JsonObject {
    const currency = AFFISE_CURRENCIES.find((candidate) => candidate.id === payment.currencyId);
    const costPlaces = currency?.decimals ?? 2;
    const details: JsonObject = {};
    let conversions = 0;
    for (const offer of payment.offers) {
      const cost: JsonObject = {};
      for (const entry of offer.costs) {
        cost[unitsToText(entry.payoutUnits, costPlaces)] = { count: entry.count, currency: currency?.code ?? null };
        conversions += entry.count;
      }
      details[String(offer.offerId)] = { title: offer.title, cost };
    }
    const corrections: JsonObject = {};
    for (const correction of payment.corrections) {
      corrections[correction.id] = {
        id: correction.id,
        posted_date: correction.postedDate,
        revenue: unitsToText(correction.amountUnits),
        currency: currency?.code ?? null,
        comment: correction.comment,
      };
    }
    const json: JsonObject = {
      id: payment.id,
      pid: payment.affiliateId,
      manager_id: payment.managerId,
      posted_date: payment.postedDate,
      pay_sys: payment.paySys,
      pay_sys_name: payment.paySysName,
      pay_acc: payment.payAcc,
      status: payment.status,
      revenue: unitsToText(revenueUnits(payment)),
      ref_revenue: unitsToText(payment.refRevenueUnits),
      currency: payment.currencyId,
      currency_code: currency?.code ?? null,
      comment: payment.comment,
      notes: payment.notes,
      cpa_actions: [...payment.cpaActions],
      ref_ids: [...payment.refIds],
      // PHP encodes an empty associative array as a JSON list.
      details: payment.offers.length === 0 ? [] : { details, count: conversions },
      additional_payments: payment.corrections.length === 0 ? [] : corrections,
      updated_at: payment.updatedAt,
    };
    return this.bend(json, payment.id);
  }

  partner(partner: FakeAffisePartner): JsonObject {
    return { id: partner.id, name: partner.name, login: partner.login, email: partner.email, status: partner.status, created_at: '2024-01-15 10:00:00' };
  }

  private bend(record: JsonObject, id: number): JsonObject {
    const rng = new Prng(hashSeed(this.seed, 'affise-quirks', id));
    const stringify = rng.chance(this.quirks.numbersAsStrings);
    const blank = rng.chance(this.quirks.nullOptionals);
    const extend = rng.chance(this.quirks.extraFields);
    if (!stringify && !blank && !extend) return record;
    const bent: JsonObject = { ...record };
    if (stringify) {
      for (const field of ['id', 'pid', 'status', 'pay_sys']) {
        const value = bent[field];
        if (typeof value === 'number') bent[field] = String(value);
      }
    }
    if (blank) {
      // Empty values, as PHP sends them: null or left out instead of "" (a value that is set is always sent).
      for (const field of ['comment', 'notes', 'pay_acc', 'pay_sys_name', 'ref_revenue', 'manager_id']) {
        if (!isEmptyValue(bent[field]) || !rng.chance(0.5)) continue;
        if (rng.chance(0.5)) bent[field] = null;
        else delete bent[field];
      }
    }
    if (extend) bent[rng.pick(['invoice_number', 'tipalti_status', 'is_locked'])] = rng.pick<string | boolean | null>(['INV-2291', null, false]);
    return bent;
  }
}

function isEmptyValue(value: Json | undefined): boolean {
  return value === '' || value === null || (typeof value === 'string' && /^0\.0+$/.test(value));
}
