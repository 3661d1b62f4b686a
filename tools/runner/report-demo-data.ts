/**
 * The fake API's seeded notes include text longer than a Sheets cell holds (50,000 characters).
 * Before the sheet layer cut such text (commit 1233ad2), every report showing one failed, so
 * tests left those invoices out; test/browser/report-backfill.spec.ts still does.
 */
import { MAX_CELL_CHARACTERS } from '../../test-support/emulator/spreadsheet/script-values';
import type { FakeEverflowHandle } from '../../test-support/fake-everflow';

/** The longest string anywhere in a JSON-like value. */
function longestText(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return Math.max(0, ...value.map(longestText));
  if (typeof value === 'object' && value !== null) return Math.max(0, ...Object.values(value).map(longestText));
  return 0;
}

/** Removes the invoices holding text longer than a Sheets cell allows; answers their ids. */
export async function removeInvoicesBeyondCellLimit(api: FakeEverflowHandle): Promise<number[]> {
  const overlong = (await api.invoices()).filter((invoice) => longestText(invoice) > MAX_CELL_CHARACTERS).map((invoice) => invoice.id);
  if (overlong.length > 0) await api.mutate({ kind: 'remove', ids: overlong });
  return overlong;
}
