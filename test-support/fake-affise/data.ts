import { HOSTILE_NOTES } from '../fake-everflow/generator';
import { Prng, hashSeed } from '../fake-http/prng';

/**
 * The fake Affise network's records and their seeded generation. Amounts are integers of 10^-8
 * (Affise writes 8 decimals), kept as safe JS integers so records cross threads and JSON as is.
 */

export interface FakeAffiseCurrency {
  /** Affise's numeric currency id, as text. */
  id: string;
  code: string;
  /** Minor-unit digits: 2 for USD, 3 for KWD, 0 for JPY. */
  decimals: number;
  /** Units per USD, for `GET /3.0/admin/currency`. */
  rate: number;
}

export const AFFISE_CURRENCIES: readonly FakeAffiseCurrency[] = [
  { id: '1', code: 'USD', decimals: 2, rate: 1 },
  { id: '2', code: 'EUR', decimals: 2, rate: 0.92 },
  { id: '3', code: 'GBP', decimals: 2, rate: 0.79 },
  { id: '4', code: 'KWD', decimals: 3, rate: 0.308 },
  { id: '5', code: 'JPY', decimals: 0, rate: 149.5 },
];

export interface FakeAffisePartner {
  id: number;
  name: string;
  login: string;
  email: string;
  status: 'active' | 'on moderation' | 'banned';
}

export interface FakeAffiseCost {
  /** Payout per conversion, in 10^-8 units. */
  payoutUnits: number;
  count: number;
}

export interface FakeAffiseOffer {
  offerId: number;
  title: string;
  costs: FakeAffiseCost[];
}

export interface FakeAffiseCorrection {
  id: string;
  postedDate: string;
  amountUnits: number;
  comment: string;
}

export interface FakeAffisePayment {
  id: number;
  affiliateId: number;
  managerId: string;
  /** "YYYY-MM-DD HH:MM:SS": the network's wall clock (the fake's network runs on UTC). */
  postedDate: string;
  paySys: number;
  paySysName: string;
  payAcc: string;
  status: number;
  currencyId: string;
  offers: FakeAffiseOffer[];
  /** The sum of an invoice made by create-for-affiliate (no offers); null for generated ones. */
  sumUnits: number | null;
  refRevenueUnits: number;
  corrections: FakeAffiseCorrection[];
  comment: string;
  notes: string;
  cpaActions: string[];
  refIds: string[];
  updatedAt: string;
  /** create-for-affiliate is asynchronous: the invoice shows in list and get from this instant. */
  visibleFromMs: number;
}

export const UNITS_PER_WHOLE = 100_000_000;

/** `revenue`: the offers' payouts times their counts, or the created sum. */
export function revenueUnits(payment: FakeAffisePayment): number {
  if (payment.sumUnits !== null) return payment.sumUnits;
  return payment.offers.reduce((sum, offer) => sum + offer.costs.reduce((offerSum, cost) => offerSum + cost.payoutUnits * cost.count, 0), 0);
}

/** What is payable: revenue plus the corrections. */
export function totalUnits(payment: FakeAffisePayment): number {
  return revenueUnits(payment) + payment.corrections.reduce((sum, correction) => sum + correction.amountUnits, 0);
}

/** 10^-8 units as text with `places` decimals (8 on the wire, the currency's for cost keys). */
export function unitsToText(units: number, places = 8): string {
  const negative = units < 0;
  const magnitude = BigInt(Math.abs(units));
  const scale = BigInt(UNITS_PER_WHOLE);
  const whole = (magnitude / scale).toString();
  const fraction = (magnitude % scale).toString().padStart(8, '0').slice(0, places);
  return `${negative ? '-' : ''}${whole}${places > 0 ? `.${fraction}` : ''}`;
}

/** Decimal text ("120.5", "-15") as 10^-8 units; null when it is not a decimal or has more than 8 decimals. */
export function textToUnits(text: string): number | null {
  const match = /^\s*([+-])?(\d+)(?:\.(\d{1,8}))?\s*$/.exec(text);
  if (!match) return null;
  const [, sign, whole = '0', fraction = ''] = match;
  const units = Number(BigInt(whole) * BigInt(UNITS_PER_WHOLE) + BigInt(fraction.padEnd(8, '0')));
  if (!Number.isSafeInteger(units)) return null;
  return sign === '-' ? -units : units;
}

/** "YYYY-MM-DD HH:MM:SS" of an instant, in UTC (the fake network's zone). */
export function wallText(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ');
}

export const PAY_SYSTEMS: ReadonlyArray<{ id: number; name: string }> = [
  { id: 1, name: 'PayPal' },
  { id: 2, name: 'Wire transfer' },
  { id: 3, name: 'Tipalti' },
  { id: 4, name: 'Payoneer' },
];

export const MANAGER_IDS: readonly string[] = ['5a0b1c2d3e4f5a6b7c8d9e0f', '5b1c2d3e4f5a6b7c8d9e0f1a', '5c2d3e4f5a6b7c8d9e0f1a2b'];

const PARTNER_NAMES: readonly string[] = [
  'Acme Media',
  'Blue Ocean Traffic',
  'Café Leads SARL',
  'Nordic Clicks AB',
  'Sakura Ads 株式会社',
  '=HYPERLINK("http://evil.test","click")',
  'Lead Gen & Co <b>bold</b>',
  'Pampas Performance',
  '+Plus Traffic',
  'Zeta Mobile',
];

const OFFER_TITLES: readonly string[] = [
  'Casino Royale DE - CPA',
  'VPN Pro iOS (US) – trial',
  'Dating SOI FR',
  'Sweepstakes iPhone 17 <script>alert(1)</script>',
  'Nutra Keto UK',
  'Crypto Exchange KYC',
  '=SUM(A1:A9)',
  'Insurance Leads 保険',
  'Mobile Game CPI (Android)',
  'E-commerce CPS 5%',
];

/** Statuses by weight; 5 is a Tipalti state with no documented code. */
const STATUS_WEIGHTS: ReadonlyArray<readonly [number, number]> = [
  [2, 45],
  [1, 20],
  [4, 15],
  [3, 8],
  [-1, 7],
  [5, 5],
];

const CURRENCY_WEIGHTS: ReadonlyArray<readonly [FakeAffiseCurrency, number]> = AFFISE_CURRENCIES.map((currency): [FakeAffiseCurrency, number] => [
  currency,
  { USD: 40, EUR: 25, GBP: 10, KWD: 10, JPY: 15 }[currency.code] ?? 1,
]);

const ORDINARY_COMMENTS: readonly string[] = ['Paid on time', 'Q3 bonus included', 'Net 30 per IO #4411', 'Hold: fraud review', ''];

export interface GeneratedNetwork {
  partners: FakeAffisePartner[];
  payments: FakeAffisePayment[];
  nextPaymentId: number;
  nextCorrectionId: number;
}

/** The same options give the same network. Payments have rising ids and posted dates, all at or before `nowMs`. */
export function generateAffiseNetwork(options: { seed: number; paymentCount: number; partnerCount: number; nowMs: number }): GeneratedNetwork {
  const { seed, paymentCount, partnerCount, nowMs } = options;
  const rng = new Prng(hashSeed('affise-network', seed));
  const partners: FakeAffisePartner[] = Array.from({ length: partnerCount }, (_, index) => {
    const base = PARTNER_NAMES[index % PARTNER_NAMES.length] ?? 'Partner';
    const name = index < PARTNER_NAMES.length ? base : `${base} ${Math.floor(index / PARTNER_NAMES.length) + 1}`;
    return { id: 101 + index, name, login: `partner${101 + index}`, email: `partner${101 + index}@example.test`, status: rng.weighted([['active', 8], ['on moderation', 1], ['banned', 1]] as const) };
  });

  const spanMs = 400 * 86_400_000;
  let correctionId = 5001;
  const payments: FakeAffisePayment[] = [];
  for (let index = 0; index < paymentCount; index++) {
    const id = 1001 + index;
    const currency = rng.weighted(CURRENCY_WEIGHTS);
    const postedMs = nowMs - spanMs + Math.floor(((index + rng.next()) * spanMs) / Math.max(1, paymentCount)) - 3_600_000;
    // Edited up to 30 days after creation and never after "now": recent invoices spread over the time since they were created, not piled on one second.
    const editedAfterMs = rng.int(0, 30 * 86_400) * 1000;
    const updatedMs = postedMs + editedAfterMs <= nowMs - 60_000 ? postedMs + editedAfterMs : postedMs + (editedAfterMs % Math.max(1, nowMs - 60_000 - postedMs));
    const offers = Array.from({ length: rng.int(1, 3) }, (): FakeAffiseOffer => {
      const offerIndex = rng.int(0, OFFER_TITLES.length - 1);
      return {
        offerId: 200 + offerIndex,
        title: OFFER_TITLES[offerIndex] ?? 'Offer',
        costs: Array.from({ length: rng.int(1, 2) }, () => ({ payoutUnits: payoutUnits(rng, currency), count: rng.int(1, 300) })),
      };
    });
    // One offer appears once per invoice: merge duplicates' costs.
    const merged = new Map<number, FakeAffiseOffer>();
    for (const offer of offers) {
      const existing = merged.get(offer.offerId);
      if (existing) existing.costs.push(...offer.costs.filter((cost) => !existing.costs.some((other) => other.payoutUnits === cost.payoutUnits)));
      else merged.set(offer.offerId, offer);
    }
    const corrections: FakeAffiseCorrection[] = [];
    if (rng.chance(0.25)) {
      for (let count = rng.int(1, 2); count > 0; count--) {
        corrections.push({
          id: String(correctionId++),
          postedDate: wallText(Math.min(updatedMs, postedMs + rng.int(1, 10) * 86_400_000)),
          amountUnits: (rng.chance(0.6) ? -1 : 1) * minorToUnits(rng.int(1, 5_000) * (currency.decimals === 0 ? 10 : 1), currency),
          comment: rng.chance(0.15) ? rng.pick(HOSTILE_NOTES.slice(0, 12)) : rng.pick(['chargeback', 'bonus', 'fraud adjustment', 'late conversions']),
        });
      }
    }
    const paySys = rng.pick(PAY_SYSTEMS);
    const partner = rng.pick(partners);
    payments.push({
      id,
      affiliateId: partner.id,
      managerId: rng.pick(MANAGER_IDS),
      postedDate: wallText(postedMs),
      paySys: paySys.id,
      paySysName: paySys.name,
      payAcc: paySys.id === 1 ? partner.email : `ACC-${rng.int(100000, 999999)}`,
      status: rng.weighted(STATUS_WEIGHTS),
      currencyId: currency.id,
      offers: [...merged.values()],
      sumUnits: null,
      refRevenueUnits: rng.chance(0.1) ? minorToUnits(rng.int(100, 5000), currency) : 0,
      corrections,
      comment: rng.chance(0.1) ? rng.pick(HOSTILE_NOTES.slice(0, 12)) : rng.pick(ORDINARY_COMMENTS),
      notes: rng.chance(0.1) ? rng.pick(HOSTILE_NOTES) : rng.pick(ORDINARY_COMMENTS),
      cpaActions: Array.from({ length: rng.int(0, 3) }, () => hexId(rng)),
      refIds: [],
      updatedAt: wallText(updatedMs),
      visibleFromMs: 0,
    });
  }
  return { partners, payments, nextPaymentId: 1001 + paymentCount, nextCorrectionId: correctionId };
}

function minorToUnits(minor: number, currency: FakeAffiseCurrency): number {
  return minor * 10 ** (8 - currency.decimals);
}

/** A payout in the currency's minor units (whole yen, fils, cents). */
function payoutUnits(rng: Prng, currency: FakeAffiseCurrency): number {
  const minor = currency.decimals === 0 ? rng.int(1, 40) * 50 : currency.decimals === 3 ? rng.int(50, 900) * 5 : rng.int(10, 500) * 5;
  return minorToUnits(minor, currency);
}

function hexId(rng: Prng): string {
  return Array.from({ length: 24 }, () => '0123456789abcdef'[rng.int(0, 15)]).join('');
}
