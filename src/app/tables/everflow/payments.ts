import type { InvoiceDetail, InvoicePayment } from '../../../model/invoice';
import { idColumn, instantColumn, moneyColumn, shapeTable, textColumn, type CellValue, type ColumnSpec, type ShapeContext } from '../../../sheet/columns';

/** EFLOW_INVOICE_PAYMENTS: every payment of every invoice given. */
export const INVOICE_PAYMENT_COLUMNS: ReadonlyArray<ColumnSpec<InvoicePayment>> = [
  idColumn<InvoicePayment>('Invoice ID', (payment) => payment.invoiceId),
  idColumn<InvoicePayment>('Payment ID', (payment) => payment.id),
  textColumn<InvoicePayment>('Status', (payment) => payment.status),
  textColumn<InvoicePayment>('Method', (payment) => payment.method),
  moneyColumn<InvoicePayment>('Amount', (payment) => payment.amount, (payment) => payment.currency),
  textColumn<InvoicePayment>('Currency', (payment) => payment.currency),
  instantColumn<InvoicePayment>('Paid on', (payment) => payment.paidOnMs),
  moneyColumn<InvoicePayment>('Payee amount', (payment) => payment.payeeAmount, (payment) => payment.payeeCurrency),
  moneyColumn<InvoicePayment>('Payee fee', (payment) => payment.payeeFee, (payment) => payment.payeeCurrency),
  textColumn<InvoicePayment>('Payee currency', (payment) => payment.payeeCurrency),
  instantColumn<InvoicePayment>('Approved', (payment) => payment.approvedMs),
  instantColumn<InvoicePayment>('Completed', (payment) => payment.completedMs),
  textColumn<InvoicePayment>('Notes', (payment) => payment.notes),
];

export function shapeInvoicePayments(invoices: readonly InvoiceDetail[], ctx: ShapeContext): CellValue[][] {
  return shapeTable(INVOICE_PAYMENT_COLUMNS, invoices.flatMap((invoice) => invoice.payments), ctx);
}
