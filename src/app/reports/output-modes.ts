import { FIRST_DATA_ROW, isBlankRow, isDate, rowFromSheet, rowMatches, type ReportBlock } from './report-sheet';
import { headerRow, invoiceIdOfCells, rowKeys, type ReportLayout, type ReportRow } from './report-table';
import { deleteSteps, writeSteps, type PlanStep, type WritePlan } from './write-plan';

/*
 * The output modes, as pure functions from what the sheet holds (read once) and what the report
 * should show to a minimal write plan. Only the report's columns are ever written; user columns
 * to the right change only when merge deletes a whole row.
 */

/** `replace`: rows 2.. hold exactly `target`, in order; rows already right are not rewritten. */
export function planReplace(block: ReportBlock, layout: ReportLayout, target: readonly ReportRow[]): WritePlan {
  const wanted = [headerRow(layout), ...target];
  const current = [block.header ?? undefined, ...block.rows];
  const known = new Map<number, ReportRow>();
  const changed: number[] = [];
  wanted.forEach((row, index) => {
    known.set(index + 1, row);
    if (!rowMatches(current[index], row)) changed.push(index + 1);
  });
  const leftover = block.rows
    .map((row, index) => ({ row, sheetRow: index + FIRST_DATA_ROW }))
    .filter(({ row, sheetRow }) => sheetRow > wanted.length && !isBlankRow(row))
    .map(({ sheetRow }) => sheetRow);
  const steps = writeSteps(changed, known);
  const firstLeftover = leftover[0];
  const lastLeftover = leftover[leftover.length - 1];
  if (firstLeftover !== undefined && lastLeftover !== undefined) {
    steps.push({ kind: 'clear', row: firstLeftover, count: lastLeftover - firstLeftover + 1 });
  }
  return { steps, rowsChanged: changed.filter((row) => row >= FIRST_DATA_ROW).length, rowsRemoved: leftover.length };
}

/** Which invoices a merge recomputed, and which of the others stay. */
export interface MergeScope {
  /** Invoices whose rows `target` holds in full: their rows not in `target` go. 'all' for every invoice. */
  recomputed: ReadonlySet<number> | 'all';
  /** Invoices not recomputed whose rows stay as they are; rows of any other invoice go. */
  kept: ReadonlySet<number>;
}

/**
 * `merge`: rows keyed by the layout's key column. A row whose key is in `target` is updated in
 * place (only if it differs), keys not on the sheet are appended, rows of recomputed invoices
 * missing from `target` and rows of invoices neither recomputed nor kept are deleted (whole
 * rows, so user columns leave with them), duplicates of a key are deleted. Rows without an
 * invoice id in the report's columns are not the report's and stay.
 */
export function planMerge(block: ReportBlock, layout: ReportLayout, target: readonly ReportRow[], scope: MergeScope): WritePlan {
  const targetKeys = rowKeys(
    target.map((row) => row.cells),
    layout,
  );
  // The first row of a key wins, in the target as on the sheet.
  const targetByKey = new Map<string, ReportRow>();
  target.forEach((row, index) => {
    const key = targetKeys[index] ?? '';
    if (!targetByKey.has(key)) targetByKey.set(key, row);
  });
  const existingKeys = rowKeys(
    block.rows.map((row) => row.cells),
    layout,
  );
  const header = headerRow(layout);
  const known = new Map<number, ReportRow>([[1, header]]);
  const changed: number[] = rowMatches(block.header ?? undefined, header) ? [] : [1];
  const deleted: number[] = [];
  const onSheet = new Set<string>();
  let rowsUpdated = 0;

  block.rows.forEach((row, index) => {
    const sheetRow = index + FIRST_DATA_ROW;
    const invoiceId = invoiceIdOfCells(row.cells, layout);
    if (isBlankRow(row) || invoiceId === null) return;
    const key = existingKeys[index] ?? '';
    const wanted = targetByKey.get(key);
    const recomputed = scope.recomputed === 'all' || scope.recomputed.has(invoiceId);
    if (onSheet.has(key) || (recomputed ? wanted === undefined : !scope.kept.has(invoiceId))) {
      deleted.push(sheetRow);
      // Bridging a gap over a row about to go costs nothing: write it back as it is.
      known.set(sheetRow, rowFromSheet(row, layout, invoiceId));
      return;
    }
    onSheet.add(key);
    if (!recomputed || wanted === undefined) return;
    known.set(sheetRow, wanted);
    if (rowMatches(row, wanted)) return;
    changed.push(sheetRow);
    rowsUpdated += 1;
  });

  const appended = [...targetByKey].filter(([key]) => !onSheet.has(key)).map(([, row]) => row);
  const appendAt = Math.max(block.lastRow, 1) - deleted.length + 1;
  const steps: PlanStep[] = [];
  if (deleted.length === 0) {
    // Nothing moves, so appended rows may share a write with the rows just above them.
    appended.forEach((row, index) => {
      known.set(appendAt + index, row);
      changed.push(appendAt + index);
    });
    steps.push(...writeSteps(changed, known));
  } else {
    steps.push(...writeSteps(changed, known), ...deleteSteps(deleted));
    if (appended.length > 0) steps.push({ kind: 'write', row: appendAt, rows: appended });
  }
  return { steps, rowsChanged: rowsUpdated + appended.length, rowsRemoved: deleted.length };
}
/**
 * `history`: `entries` appended below everything the sheet holds. Rows recorded after
 * `committedAtMs` (the last run whose memory was saved) belong to a run whose memory was lost:
 * they are deleted, since this run records the same changes again. Nothing else changes.
 */
export function planHistory(block: ReportBlock, layout: ReportLayout, entries: readonly ReportRow[], committedAtMs: number | null): WritePlan {
  const header = headerRow(layout);
  const known = new Map<number, ReportRow>([[1, header]]);
  const changed: number[] = rowMatches(block.header ?? undefined, header) ? [] : [1];
  const uncommitted = committedAtMs === null ? [] : uncommittedRows(block, layout, committedAtMs);
  const appendAt = Math.max(block.lastRow, 1) - uncommitted.length + 1;
  const appended = entries.map((row, index) => {
    known.set(appendAt + index, row);
    return appendAt + index;
  });
  if (uncommitted.length === 0) {
    return { steps: writeSteps([...changed, ...appended], known), rowsChanged: entries.length, rowsRemoved: 0 };
  }
  const steps: PlanStep[] = [...writeSteps(changed, known), ...deleteSteps(uncommitted)];
  if (entries.length > 0) steps.push({ kind: 'write', row: appendAt, rows: [...entries] });
  return { steps, rowsChanged: entries.length, rowsRemoved: uncommitted.length };
}

/** The latest "Recorded at" (the first column) of the report's rows; 0 when there is none. */
export function latestRecordedAtMs(block: ReportBlock, layout: ReportLayout): number {
  return block.rows.reduce((latest, row) => {
    const recordedAt = row.cells[0];
    return isDate(recordedAt) && invoiceIdOfCells(row.cells, layout) !== null ? Math.max(latest, recordedAt.getTime()) : latest;
  }, 0);
}

/** Sheet rows of the report (an invoice id) whose "Recorded at" (the first column) is later than `committedAtMs`. */
function uncommittedRows(block: ReportBlock, layout: ReportLayout, committedAtMs: number): number[] {
  return block.rows.flatMap((row, index) => {
    const recordedAt = row.cells[0];
    const late = isDate(recordedAt) && Math.round(recordedAt.getTime() / 1000) > Math.round(committedAtMs / 1000);
    return late && invoiceIdOfCells(row.cells, layout) !== null ? [index + FIRST_DATA_ROW] : [];
  });
}
