/**
 * The provider-neutral vocabulary of changes sent from a sheet: what a change is, in what order a
 * plan sends them, and what became of each. Providers (Affise now, Everflow networks later) map
 * these actions to their own API calls in a ChangeProvider (provider-port.ts).
 */

export type ChangeAction = 'update' | 'correction' | 'delete' | 'create';

/** The order an apply sends actions in: updates, then corrections, then deletions, then creations. */
export const ACTION_ORDER: readonly ChangeAction[] = ['update', 'correction', 'delete', 'create'];

/** One edited field of an invoice: its name in the change vocabulary, and the texts before and after. */
export interface FieldChange {
  /** The neutral field name (`status`, `comment`, `notes`, `paymentAccount`). */
  field: string;
  /** The column header the user edited, for messages. */
  label: string;
  before: string;
  after: string;
}

/** An amount as decimal text ("-15.00") in a currency (ISO code); never a binary float. */
export interface ChangeAmount {
  text: string;
  currency: string;
}

/** One change the user made in the sheet, ready to send. */
export interface PlannedChange {
  /**
   * Stable across reviews of the same edit: the journal is keyed by it, so a change already sent
   * is recognised however often the sheet is reviewed and applied again.
   */
  key: string;
  action: ChangeAction;
  /** The invoice changed; null for a creation. */
  invoiceId: string | null;
  /** The row's identity in the sheet: the invoice id, or the new row's token. */
  rowKey: string;
  /** For `update`: the fields that differ from what the last refresh wrote. */
  fields: FieldChange[];
  /** For `correction` (signed) and `create`. */
  amount: ChangeAmount | null;
  /** The correction's comment, or the new invoice's note (the token is added by the provider). */
  comment: string;
  /** For `create`. */
  affiliateId: string | null;
  /** For `create`: the row's own token, carried in the note so the created invoice can be found. */
  token: string | null;
  /** The invoice's version (Affise `updated_at`, Everflow `time_saved`) at the last refresh. */
  baseVersion: string | null;
  /** For an Everflow `create`: the new invoice's period, terms, internal notes and line items. */
  newInvoice?: NewInvoiceSpec;
}

/** One line item of a new invoice: decimal text in the invoice's currency, as typed on the lines sheet. */
export interface NewInvoiceLine {
  offerId: string | null;
  /** `offer_detail`, `adjustment`, `referral` or `vat`. */
  type: string;
  amount: string;
  quantity: number;
  notes: string;
}

/** What an Everflow creation sends besides the partner (`affiliateId`) and public notes (`comment`). */
export interface NewInvoiceSpec {
  /** YYYY-MM-DD. */
  startDate: string;
  endDate: string;
  paymentTermsDays: number | null;
  /** Without the row's token, which the provider adds. */
  internalNotes: string;
  lines: NewInvoiceLine[];
}

/** A row that cannot be sent, and why, in words. */
export interface RefusedRow {
  rowKey: string;
  /** The sheet row (1-based) the reason is written to. */
  sheetRow: number;
  reason: string;
}

/** Where a change stands in the durable journal. */
export type ChangeState =
  /** Confirmed by the user, not sent yet. */
  | 'queued'
  /** Recorded before its request went out; no answer recorded yet (a crash, a timeout, an unclear answer). */
  | 'under-way'
  /** Affise made it (answered so, or a read showed it). */
  | 'applied'
  /** The provider said no; nothing changed. */
  | 'refused'
  /** The invoice changed at the provider since the last refresh: not sent. */
  | 'conflict'
  /** A creation sent whose invoice has not appeared yet: never sent again, bound on a later refresh. */
  | 'awaiting';


/** What a provider answered for one change. */
export type SendOutcome =
  | { kind: 'applied'; message: string; invoiceId?: string | null }
  | { kind: 'refused'; message: string }
  | { kind: 'unknown'; message: string }
  /**
   * Certainly not sent or not processed (a 429, no time left before sending): queued again.
   * `outOfTime`: the execution has no time left for it, so the apply stops here and continues later.
   */
  | { kind: 'not-sent'; message: string; outOfTime?: boolean };

/** What a read says about a change whose outcome was unclear. */
export type LandedVerdict = { kind: 'landed'; invoiceId?: string | null } | { kind: 'not-landed' } | { kind: 'cannot-tell'; message: string };
