import { rememberAffisePayment } from '../../../../src/app/changes/affise-changes';
import { EditableMemoryStore } from '../../../../src/app/changes/memory-sheet';
import type { SheetCell } from '../../../../src/ports/spreadsheet';
import type { AffisePayment } from '../../../../src/provider/affise/normalize';
import type { MemorySheet, MemorySpreadsheet } from '../../../../test-support/memory-spreadsheet';

/** The columns of an editable Affise invoice report, then one of the user's own (`ownHeader`). */
export function editableAffiseHeaders(ownHeader: string): string[] {
  return ['Invoice ID', 'Affiliate ID', 'Status', 'Currency', 'Amount', 'Payment account', 'Comment', 'Notes', 'Correction', 'Correction comment', 'Delete', 'Apply result', ownHeader];
}

/** A sheet as an editable report's refresh leaves it (all text, edit columns empty, the user's own column filled by `ownCell`), and its memory under report `reportId`. */
export function writeEditableAffiseSheet(
  book: MemorySpreadsheet,
  options: { sheetName: string; reportId: string; headers: readonly string[]; payments: readonly AffisePayment[]; ownCell: (payment: AffisePayment) => string },
): MemorySheet {
  const { sheetName, reportId, headers, payments, ownCell } = options;
  const sheet = book.insertSheet(sheetName);
  const rows: SheetCell[][] = payments.map((payment) => [
    String(payment.id),
    String(payment.affiliateId),
    payment.status ?? '',
    payment.currency ?? '',
    payment.amount?.text ?? '',
    payment.paymentAccount ?? '',
    payment.comment ?? '',
    payment.notes ?? '',
    '',
    '',
    false,
    '',
    ownCell(payment),
  ]);
  const block = [[...headers], ...rows];
  sheet.writeBlock(1, 1, block, block.map((row) => row.map(() => '@')));
  new EditableMemoryStore(book, reportId).save(new Map(payments.map((payment) => [String(payment.id), rememberAffisePayment(payment)])));
  return sheet;
}
