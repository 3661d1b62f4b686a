/**
 * Demo data the reports can show today. The fake API's seeded notes include text longer than a
 * Sheets cell holds (50,000 characters); the add-on does not shorten it yet, so every run of a
 * report showing such an invoice fails (the failing test in test/e2e/reports/hostile-text.test.ts).
 * The end-to-end tests and the benchmark leave those invoices out so they measure what they name.
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
