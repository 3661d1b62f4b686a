import { HOSTILE_NOTES, InvoiceFactory, type CreatedInvoiceSpec, type GivenLine } from './generator';
import { invoiceTotals, type FakeInvoice, type InvoiceStatus } from './model';
import { Prng, hashSeed } from '../fake-http/prng';

/** What a touch changes besides `time_saved`. Without a status, the status flips. */
export interface TouchChanges {
  status?: InvoiceStatus;
  notes?: string;
  /** The notes of the invoice's first line and first payment (when it has one). */
  lineNotes?: string;
  paymentNotes?: string;
}

export type MutationOp =
  | { kind: 'touch'; ids: number[]; changes?: TouchChanges }
  | { kind: 'add'; count: number; affiliateId?: number }
  | { kind: 'remove'; ids: number[] }
  /** Touches `fraction` of the affiliate's invoices, chosen deterministically. */
  | { kind: 'changeFraction'; fraction: number; affiliateId?: number; changes?: TouchChanges };

export interface MutationResult {
  /** The invoices touched, added or removed. */
  ids: number[];
}

/** The affiliate's settings as `GET /v1/affiliates/billing` shows them. */
export interface AffiliateProfile {
  affiliateId: number;
  name: string;
  paymentType: string;
  paymentTerms: string;
  minimumPayoutCents: number;
  currency: string;
  billingFrequency: string;
}

const INTERNAL_NOTES: readonly string[] = ['Check tracking before paying', 'VAT number missing', 'Paid late last quarter', 'Fraud review cleared'];

const AFFILIATE_NAMES: readonly string[] = ['Acme Media', 'Blue Ocean Traffic', 'Café Leads SARL', 'Nordic Clicks AB', 'Sakura Ads 株式会社'];

/** Partner names a network may hold (a partner names itself): formulas in a sheet, markup in a page, if written carelessly. */
export const HOSTILE_AFFILIATE_NAMES: readonly string[] = ['+Plus Media', '@Leads', '=HYPERLINK("http://evil.example","Acme")', '<img src=x onerror=alert(1)> Ads'];

/** A partner whose id ends in 3 has a hostile name (23: the formula), so every network test with a few partners meets one. */
function hostileNameOf(affiliateId: number): string | null {
  return affiliateId % 10 === 3 ? (HOSTILE_AFFILIATE_NAMES[Math.floor(affiliateId / 10) % HOSTILE_AFFILIATE_NAMES.length] ?? null) : null;
}

/** One affiliate's invoices, kept newest first by period, and the factory that extends them. */
class AffiliateDataset {
  readonly invoices: FakeInvoice[];
  readonly profile: AffiliateProfile;
  private readonly factory: InvoiceFactory;

  constructor(
    private readonly seed: number,
    affiliateId: number,
    networkId: number,
    count: number,
    nowMs: number,
  ) {
    this.factory = new InvoiceFactory({ seed, affiliateId, networkId });
    this.invoices = this.factory.history(count, nowMs);
    for (const invoice of this.invoices) this.drawNetworkFields(invoice);
    const rng = new Prng(hashSeed('profile', seed, affiliateId));
    this.profile = {
      affiliateId,
      // Drawn either way, so the profile's other draws stay the same.
      name: ((drawn) => hostileNameOf(affiliateId) ?? drawn)(rng.pick(AFFILIATE_NAMES)),
      paymentType: rng.pick(['paypal', 'wire', 'direct_deposit', 'tipalti', 'payoneer']),
      paymentTerms: rng.pick(['Net 15', 'Net 30', 'Net 45']),
      minimumPayoutCents: rng.pick([5_000, 10_000, 25_000]),
      currency: rng.pick(['USD', 'EUR', 'GBP']),
      billingFrequency: rng.pick(['weekly', 'monthly']),
    };
  }

  touch(invoice: FakeInvoice, changes: TouchChanges, nowSec: number): void {
    const { status, balanceCents } = invoiceTotals(invoice);
    const target = changes.status ?? (status === 'paid' ? 'unpaid' : 'paid');
    if (target === 'paid' && balanceCents > 0) {
      invoice.payments.push(this.factory.settlingPayment(invoice, balanceCents, nowSec));
    } else if (target === 'paid' && balanceCents < 0) {
      invoice.lines.push(this.factory.adjustmentLine(invoice, -balanceCents, nowSec));
    } else if (target === 'unpaid' && balanceCents === 0) {
      // Late conversions re-open a paid invoice: it bills more than was paid.
      invoice.lines.push(this.factory.adjustmentLine(invoice, this.factory.adjustmentAmount(invoice), nowSec));
    }
    if (changes.notes !== undefined) invoice.notes = changes.notes;
    const [line] = invoice.lines;
    if (changes.lineNotes !== undefined && line) line.notes = changes.lineNotes;
    const [payment] = invoice.payments;
    if (changes.paymentNotes !== undefined && payment) payment.notes = changes.paymentNotes;
    invoice.timeSaved = Math.max(invoice.timeSaved + 1, nowSec);
  }

  /**
   * What only the network sees (internal notes, the hidden-affiliate flag), drawn from a stream of
   * its own so the invoices themselves stay what the seed made them.
   */
  private drawNetworkFields(invoice: FakeInvoice): void {
    const rng = new Prng(hashSeed('network-fields', this.seed, invoice.id));
    const roll = rng.next();
    invoice.internalNotes = roll < 0.6 ? '' : roll < 0.75 ? rng.pick(HOSTILE_NOTES) : rng.pick(INTERNAL_NOTES);
    invoice.hiddenAffiliate = rng.chance(0.1);
  }

  create(spec: CreatedInvoiceSpec, nowSec: number): FakeInvoice {
    const invoice = this.factory.created(spec, nowSec);
    this.invoices.push(invoice);
    this.invoices.sort(newestFirst);
    return invoice;
  }

  /** A network's PUT: every field replaced by what was sent (a field not sent was wiped by the caller's parse). */
  replace(invoice: FakeInvoice, spec: Omit<CreatedInvoiceSpec, 'timezoneId' | 'currency'>, nowSec: number): void {
    invoice.startTime = `${spec.startDate} 00:00:00`;
    invoice.endTime = `${spec.endDate} 23:59:59`;
    invoice.paymentTerms = spec.paymentTerms;
    invoice.notes = spec.publicNotes;
    invoice.internalNotes = spec.internalNotes;
    invoice.hiddenAffiliate = spec.hiddenAffiliate;
    invoice.lines = spec.lines.map((line: GivenLine) => this.factory.givenLine(invoice, line, nowSec));
    this.invoices.sort(newestFirst);
  }

  /** A network's status change: paid and unpaid as a touch does; deleted hides it from every list but a `deleted` filter. */
  setStatus(invoice: FakeInvoice, status: InvoiceStatus | 'deleted', nowSec: number): void {
    if (status === 'deleted') {
      invoice.deleted = true;
      invoice.timeSaved = Math.max(invoice.timeSaved + 1, nowSec);
      return;
    }
    invoice.deleted = false;
    if (invoiceTotals(invoice).status !== status) this.touch(invoice, { status }, nowSec);
    else invoice.timeSaved = Math.max(invoice.timeSaved + 1, nowSec);
  }

  add(count: number, nowMs: number): FakeInvoice[] {
    const added = Array.from({ length: count }, () => this.factory.fresh(nowMs));
    for (const invoice of added) this.drawNetworkFields(invoice);
    this.invoices.push(...added);
    this.invoices.sort(newestFirst);
    return added;
  }

  remove(ids: ReadonlySet<number>): number[] {
    const removed: number[] = [];
    for (let index = this.invoices.length - 1; index >= 0; index--) {
      const invoice = this.invoices[index];
      if (invoice && ids.has(invoice.id)) {
        removed.push(invoice.id);
        this.invoices.splice(index, 1);
      }
    }
    return removed.reverse();
  }

  /** round(fraction * count) invoices (at least one when fraction > 0), by a partial shuffle. */
  pickFraction(fraction: number): FakeInvoice[] {
    const wanted = Math.min(this.invoices.length, fraction > 0 ? Math.max(1, Math.round(fraction * this.invoices.length)) : 0);
    const pool = [...this.invoices];
    for (let index = 0; index < wanted; index++) {
      const swap = index + Math.floor(this.factory.draw() * (pool.length - index));
      [pool[index], pool[swap]] = [pool[swap] as FakeInvoice, pool[index] as FakeInvoice];
    }
    return pool.slice(0, wanted);
  }
}

function newestFirst(a: FakeInvoice, b: FakeInvoice): number {
  if (a.startTime !== b.startTime) return a.startTime < b.startTime ? 1 : -1;
  return b.id - a.id;
}

export interface InvoiceStoreParams {
  seed: number;
  networkId: number;
  invoiceCount: number;
  invoiceCountByAffiliate: Record<number, number>;
  dataNowMs: number;
}

/** Every affiliate's dataset in the network, generated the first time an affiliate is named. */
export class InvoiceStore {
  private readonly datasets = new Map<number, AffiliateDataset>();
  /** Invoice by id across affiliates: detail requests come by the thousand. */
  private readonly byId = new Map<number, FakeInvoice>();

  constructor(private readonly params: InvoiceStoreParams) {}

  get networkId(): number {
    return this.params.networkId;
  }

  ensureAffiliate(affiliateId: number): void {
    this.dataset(affiliateId);
  }

  affiliateIds(): number[] {
    return [...this.datasets.keys()];
  }

  invoicesOf(affiliateId: number): readonly FakeInvoice[] {
    return this.dataset(affiliateId).invoices;
  }

  profileOf(affiliateId: number): AffiliateProfile {
    return this.dataset(affiliateId).profile;
  }

  /** All affiliates' invoices, newest first by period. */
  allInvoices(): FakeInvoice[] {
    return [...this.datasets.values()].flatMap((dataset) => dataset.invoices).sort(newestFirst);
  }

  find(invoiceId: number): FakeInvoice | undefined {
    return this.byId.get(invoiceId);
  }

  /** A network creates an invoice for one of its affiliates (in the affiliate's currency). */
  createInvoice(affiliateId: number, spec: Omit<CreatedInvoiceSpec, 'timezoneId' | 'currency'>, nowSec: number): FakeInvoice {
    const dataset = this.dataset(affiliateId);
    const invoice = dataset.create({ ...spec, timezoneId: 67, currency: dataset.profile.currency }, nowSec);
    this.byId.set(invoice.id, invoice);
    return invoice;
  }

  replaceInvoice(invoice: FakeInvoice, spec: Omit<CreatedInvoiceSpec, 'timezoneId' | 'currency'>, status: InvoiceStatus | 'deleted', nowSec: number): void {
    const dataset = this.dataset(invoice.affiliateId);
    dataset.replace(invoice, spec, nowSec);
    dataset.setStatus(invoice, status, nowSec);
  }

  setStatus(invoice: FakeInvoice, status: InvoiceStatus | 'deleted', nowSec: number): void {
    this.dataset(invoice.affiliateId).setStatus(invoice, status, nowSec);
  }

  mutate(op: MutationOp, defaultAffiliateId: number, nowMs: number): MutationResult {
    const nowSec = Math.floor(nowMs / 1000);
    switch (op.kind) {
      case 'touch': {
        const touched: number[] = [];
        for (const id of op.ids) {
          const invoice = this.find(id);
          if (!invoice) continue;
          this.dataset(invoice.affiliateId).touch(invoice, op.changes ?? {}, nowSec);
          touched.push(id);
        }
        return { ids: touched };
      }
      case 'add': {
        const added = this.dataset(op.affiliateId ?? defaultAffiliateId).add(op.count, nowMs);
        for (const invoice of added) this.byId.set(invoice.id, invoice);
        return { ids: added.map((invoice) => invoice.id) };
      }
      case 'remove': {
        const ids = new Set(op.ids);
        const removed = [...this.datasets.values()].flatMap((dataset) => dataset.remove(ids));
        for (const id of removed) this.byId.delete(id);
        return { ids: removed };
      }
      case 'changeFraction': {
        const dataset = this.dataset(op.affiliateId ?? defaultAffiliateId);
        const chosen = dataset.pickFraction(op.fraction);
        for (const invoice of chosen) dataset.touch(invoice, op.changes ?? {}, nowSec);
        return { ids: chosen.map((invoice) => invoice.id) };
      }
    }
  }

  private dataset(affiliateId: number): AffiliateDataset {
    let dataset = this.datasets.get(affiliateId);
    if (!dataset) {
      const { seed, networkId, invoiceCount, invoiceCountByAffiliate, dataNowMs } = this.params;
      const count = invoiceCountByAffiliate[affiliateId] ?? invoiceCount;
      dataset = new AffiliateDataset(seed, affiliateId, networkId, count, dataNowMs);
      this.datasets.set(affiliateId, dataset);
      for (const invoice of dataset.invoices) this.byId.set(invoice.id, invoice);
    }
    return dataset;
  }
}
