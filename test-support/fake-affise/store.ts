import type { Json, JsonObject } from '../fake-http/json';
import {
  AFFISE_CURRENCIES,
  generateAffiseNetwork,
  textToUnits,
  wallText,
  type FakeAffisePartner,
  type FakeAffisePayment,
} from './data';

/** What a write call answers: a status and the JSON body (the envelope). */
export interface WriteAnswer {
  status: number;
  json: JsonObject;
  /** True when the store changed. */
  applied: boolean;
  /** The server puts this payment, as the wire shows it, under `payment`. */
  paymentId?: number;
}

/** Test-side changes, as Affise users elsewhere would make them. */
export type AffiseMutationOp =
  /** Moves `updated_at` (and sets the status and the notes, when given) as an edit in the UI would. */
  | { kind: 'touch'; ids: number[]; status?: number; notes?: string }
  /** Generated-looking invoices, visible at once. */
  | { kind: 'add'; count: number; affiliateId?: number }
  | { kind: 'remove'; ids: number[] };

export interface AffiseMutationResult {
  ids: number[];
}

const KNOWN_STATUSES = new Set([1, 2, 3, 4, -1]);

const ok = (json: JsonObject): WriteAnswer => ({ status: 200, json: { status: 1, ...json }, applied: true });
const refuse = (status: number, message: string): WriteAnswer => ({ status, json: { status: 2, message }, applied: false });

/** The network's partners and payments, and every change the write calls make. */
export class AffiseStore {
  readonly partners: FakeAffisePartner[];
  private readonly payments = new Map<number, FakeAffisePayment>();
  private nextPaymentId: number;
  private nextCorrectionId: number;

  constructor(params: { seed: number; paymentCount: number; partnerCount: number; nowMs: number }) {
    const network = generateAffiseNetwork(params);
    this.partners = network.partners;
    for (const payment of network.payments) this.payments.set(payment.id, payment);
    this.nextPaymentId = network.nextPaymentId;
    this.nextCorrectionId = network.nextCorrectionId;
  }

  /** Visible payments, newest id first (Affise's list order). */
  visible(nowMs: number): FakeAffisePayment[] {
    return [...this.payments.values()].filter((payment) => payment.visibleFromMs <= nowMs).sort((a, b) => b.id - a.id);
  }

  /** Every payment, pending creations included. */
  all(): FakeAffisePayment[] {
    return [...this.payments.values()].sort((a, b) => b.id - a.id);
  }

  find(id: number, nowMs: number): FakeAffisePayment | undefined {
    const payment = this.payments.get(id);
    return payment && payment.visibleFromMs <= nowMs ? payment : undefined;
  }

  update(id: number, fields: Record<string, string>, nowMs: number): WriteAnswer {
    const payment = this.find(id, nowMs);
    if (!payment) return refuse(404, 'Payment not found');
    const changes: Partial<FakeAffisePayment> = {};
    if (fields.status !== undefined) {
      const status = /^-?\d+$/.test(fields.status.trim()) ? Number(fields.status) : Number.NaN;
      if (!KNOWN_STATUSES.has(status)) return refuse(400, 'Invalid status');
      changes.status = status;
    }
    if (fields.payment_account !== undefined) changes.payAcc = fields.payment_account;
    if (fields.comment !== undefined) changes.comment = fields.comment;
    if (fields.note !== undefined) changes.notes = fields.note;
    if (Object.keys(changes).length === 0) return refuse(400, 'Nothing to update');
    Object.assign(payment, changes);
    this.touched(payment, nowMs);
    return { ...ok({}), paymentId: id };
  }

  addCorrection(id: number, fields: Record<string, string>, nowMs: number): WriteAnswer {
    const payment = this.find(id, nowMs);
    if (!payment) return refuse(404, 'Payment not found');
    if (fields.revenue === undefined || fields.revenue.trim() === '') return refuse(400, 'revenue is required');
    if (fields.comment === undefined || fields.comment.trim() === '') return refuse(400, 'comment is required');
    const amountUnits = textToUnits(fields.revenue);
    if (amountUnits === null || amountUnits === 0) return refuse(400, 'revenue must be a non-zero number');
    const correction = { id: String(this.nextCorrectionId++), postedDate: wallText(nowMs), amountUnits, comment: fields.comment };
    payment.corrections.push(correction);
    this.touched(payment, nowMs);
    return { ...ok({ correction_id: correction.id }), paymentId: id };
  }

  deleteCorrection(correctionId: string, nowMs: number): WriteAnswer {
    for (const payment of this.visible(nowMs)) {
      const index = payment.corrections.findIndex((correction) => correction.id === correctionId);
      if (index < 0) continue;
      payment.corrections.splice(index, 1);
      this.touched(payment, nowMs);
      return ok({ result: true });
    }
    return refuse(404, 'Correction not found');
  }

  delete(id: number, nowMs: number): WriteAnswer {
    if (!this.find(id, nowMs)) return refuse(404, 'Payment not found');
    this.payments.delete(id);
    return ok({ result: true });
  }

  /** Unknown ids and `refusedIds` answer false; the rest are deleted. */
  bulkDelete(ids: readonly number[], refusedIds: readonly number[], nowMs: number): WriteAnswer {
    if (ids.length === 0) return refuse(400, 'ids is required');
    const result: Record<string, Json> = {};
    let applied = false;
    for (const id of ids) {
      const deletable = this.find(id, nowMs) !== undefined && !refusedIds.includes(id);
      if (deletable) {
        this.payments.delete(id);
        applied = true;
      }
      result[String(id)] = deletable;
    }
    return { status: 200, json: { status: 1, result }, applied };
  }

  /** Queues an invoice that shows from `nowMs + delayMs`; answers no id, as Affise does. */
  createForAffiliate(fields: Record<string, string>, nowMs: number, delayMs: number): WriteAnswer {
    const aid = /^\d+$/.test(fields.aid ?? '') ? Number(fields.aid) : null;
    if (aid === null) return refuse(400, 'aid is required');
    const partner = this.partners.find((candidate) => candidate.id === aid);
    if (!partner) return refuse(400, 'Partner not found');
    const currency = AFFISE_CURRENCIES.find((candidate) => candidate.id === (fields.currency ?? '').trim());
    if (!currency) return refuse(400, 'Invalid currency');
    const sumUnits = textToUnits(fields.sum ?? '');
    if (sumUnits === null || sumUnits <= 0) return refuse(400, 'sum must be a positive number');
    const visibleFromMs = nowMs + delayMs;
    const id = this.nextPaymentId++;
    this.payments.set(id, {
      id,
      affiliateId: aid,
      managerId: '',
      postedDate: wallText(visibleFromMs),
      paySys: 0,
      paySysName: '',
      payAcc: '',
      status: 1,
      currencyId: currency.id,
      offers: [],
      sumUnits,
      refRevenueUnits: 0,
      corrections: [],
      comment: '',
      notes: fields.note ?? '',
      cpaActions: [],
      refIds: [],
      updatedAt: wallText(visibleFromMs),
      visibleFromMs,
    });
    return ok({ message: 'Payment creation started. It will take a few minutes.' });
  }

  mutate(op: AffiseMutationOp, nowMs: number): AffiseMutationResult {
    switch (op.kind) {
      case 'touch': {
        const ids = op.ids.filter((id) => this.payments.has(id));
        for (const id of ids) {
          const payment = this.payments.get(id) as FakeAffisePayment;
          if (op.status !== undefined) payment.status = op.status;
          if (op.notes !== undefined) payment.notes = op.notes;
          this.touched(payment, nowMs);
        }
        return { ids };
      }
      case 'add': {
        const template = this.all().find((payment) => payment.sumUnits === null);
        const ids: number[] = [];
        for (let count = 0; count < op.count; count++) {
          const id = this.nextPaymentId++;
          const source = structuredClone(template ?? this.all()[0]) as FakeAffisePayment;
          this.payments.set(id, { ...source, id, affiliateId: op.affiliateId ?? source.affiliateId, corrections: [], postedDate: wallText(nowMs), updatedAt: wallText(nowMs), visibleFromMs: 0 });
          ids.push(id);
        }
        return { ids };
      }
      case 'remove': {
        const ids = op.ids.filter((id) => this.payments.delete(id));
        return { ids };
      }
    }
  }

  /** `updated_at` moves on every change, by at least a second, so a change is always seen. */
  private touched(payment: FakeAffisePayment, nowMs: number): void {
    const now = wallText(nowMs);
    payment.updatedAt = now > payment.updatedAt ? now : wallText(Date.parse(`${payment.updatedAt.replace(' ', 'T')}Z`) + 1000);
  }
}
