import type { PlannedChange } from './change';

/** A change in words, as the review and the audit log show it. */
export function describeChange(change: PlannedChange): string {
  switch (change.action) {
    case 'update':
      return `Invoice ${change.invoiceId ?? '?'}: ${change.fields.map((field) => `${field.label.toLowerCase()} ${shown(field.before)} → ${shown(field.after)}`).join('; ')}`;
    case 'correction':
      return `Invoice ${change.invoiceId ?? '?'}: correction ${signed(change.amount?.text ?? '')} ${change.amount?.currency ?? ''} (${JSON.stringify(change.comment)})`;
    case 'delete':
      return `Delete invoice ${change.invoiceId ?? '?'}`;
    case 'create':
      if (change.newInvoice) return `New invoice for partner ${change.affiliateId ?? '?'}: ${newInvoiceWords(change)}`;
      return `New invoice for affiliate ${change.affiliateId ?? '?'}: ${change.amount?.text ?? ''} ${change.amount?.currency ?? ''}`;
  }
}

/** An Everflow new invoice: "2026-10-01 – 2026-10-31, 3 lines, 120.00" (no currency: Everflow's create takes none, it sets the partner's or network's). */
function newInvoiceWords(change: PlannedChange): string {
  const spec = change.newInvoice;
  if (!spec) return '';
  const count = spec.lines.length;
  return `${spec.startDate} – ${spec.endDate}, ${count} line${count === 1 ? '' : 's'}, ${[change.amount?.text ?? '', change.amount?.currency ?? ''].filter((part) => part !== '').join(' ')}`;
}

/** What the audit log's "after" says. */
export function describeAfter(change: PlannedChange): string {
  switch (change.action) {
    case 'update':
      return change.fields.map((field) => `${field.field}: ${field.after}`).join('; ');
    case 'correction':
      return `correction ${change.amount?.text ?? ''} ${change.amount?.currency ?? ''} "${change.comment}"`;
    case 'delete':
      return 'deleted';
    case 'create':
      if (change.newInvoice) {
        const terms = change.newInvoice.paymentTermsDays === null ? 'no terms' : `terms ${change.newInvoice.paymentTermsDays} days`;
        return `partner ${change.affiliateId ?? ''}, ${newInvoiceWords(change)}, ${terms}, notes "${change.comment}", token ${change.token ?? ''}`;
      }
      return `affiliate ${change.affiliateId ?? ''}, ${change.amount?.text ?? ''} ${change.amount?.currency ?? ''}, note "${change.comment}", token ${change.token ?? ''}`;
  }
}

function shown(text: string): string {
  return text === '' ? '(empty)' : text;
}

/** A real minus sign for negatives, as finance documents print them. */
export function signed(text: string): string {
  return text.startsWith('-') ? `−${text.slice(1)}` : text;
}
