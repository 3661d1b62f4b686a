import type { EverflowInvoiceDetail, EverflowInvoicePayment } from '../../../model/invoice';
import { idColumn, instantColumn, moneyColumn, shapeTable, textColumn, type CellValue, type ColumnSpec, type ShapeContext } from '../../../sheet/columns';

/** EFLOW_INVOICE_PAYMENTS: every payment of every invoice given. */
export const INVOICE_PAYMENT_COLUMNS: ReadonlyArray<ColumnSpec<EverflowInvoicePayment>> = [
  idColumn<EverflowInvoicePayment>('Invoice ID', (payment) => payment.invoiceId),
  idColumn<EverflowInvoicePayment>('Payment ID', (payment) => payment.id),
  textColumn<EverflowInvoicePayment>('Status', (payment) => payment.status),
  textColumn<EverflowInvoicePayment>('Method', (payment) => payment.method),
  moneyColumn<EverflowInvoicePayment>('Amount', (payment) => payment.amount, (payment) => payment.currency),
  textColumn<EverflowInvoicePayment>('Currency', (payment) => payment.currency),
  instantColumn<EverflowInvoicePayment>('Paid on', (payment) => payment.paidOnMs),
  moneyColumn<EverflowInvoicePayment>('Payee amount', (payment) => payment.payeeAmount, (payment) => payment.payeeCurrency),
  moneyColumn<EverflowInvoicePayment>('Payee fee', (payment) => payment.payeeFee, (payment) => payment.payeeCurrency),
  textColumn<EverflowInvoicePayment>('Payee currency', (payment) => payment.payeeCurrency),
  instantColumn<EverflowInvoicePayment>('Approved', (payment) => payment.approvedMs),
  instantColumn<EverflowInvoicePayment>('Completed', (payment) => payment.completedMs),
  textColumn<EverflowInvoicePayment>('Notes', (payment) => payment.notes),
];

export function shapeInvoicePayments(invoices: readonly EverflowInvoiceDetail[], ctx: ShapeContext): CellValue[][] {
  return shapeTable(INVOICE_PAYMENT_COLUMNS, invoices.flatMap((invoice) => invoice.payments), ctx);
}
