/**
 * When and in what order formulas are evaluated, and where array results spill.
 *
 * - A formula is evaluated when it is entered or re-entered, or when a cell it references changes
 *   value (an entered value, another formula's result, a spill appearing, moving or blocked).
 *   Writing the value a cell already holds changes nothing.
 * - A formula waits while a formula it reads is waiting; built-in-only formulas settle at once,
 *   those calling a custom function only in `recalculate()`. Cycles show Sheets' #REF!.
 * - A result larger than 1x1 spills right and down into empty cells; a cell with content in the
 *   way (or another spill, or the sheet's edge) turns the anchor into #REF!. Clearing the obstacle
 *   re-spills the same result without calling the function again.
 * Row/column insertion and deletion move cells but neither rewrite references nor recalculate.
 */
import { areaContains, cellA1, cellKey, locationOfKey, type GridArea } from './a1';
import type { CellFormula } from './cell';
import { sameCellValue, sheetError, type CellValue, type SheetError, type ValueGrid } from './cell-value';
import { evaluateFormula, isBuiltIn, usesVolatileFunction, type FormulaEnvironment } from './formula-evaluator';
import { walkExpr } from './formula-parser';
import type { CellLocation, FakeSheet, FakeSpreadsheet } from './model';
import { gridOfScriptResult, scriptValueOf } from './script-values';
import { serialOfInstant } from './zone';

const CIRCULAR = sheetError('#REF!', 'Circular dependency detected. To resolve with iterative calculation, see File > Settings.');
const PARSE_ERROR = sheetError('#ERROR!', 'Formula parse error.');
/** A guard against a bug looping forever; real workbooks settle in a few rounds. */
const MAX_ROUNDS = 10_000;

interface FormulaSite extends CellLocation {
  formula: CellFormula;
}

interface Dependency {
  sheet: FakeSheet;
  area: GridArea;
}

function overlaps(a: GridArea, b: GridArea): boolean {
  return a.row < b.row + b.numRows && b.row < a.row + a.numRows && a.column < b.column + b.numColumns && b.column < a.column + a.numColumns;
}

/** The cells a formula's result occupies (its own cell and its spill). */
function footprint(site: FormulaSite): GridArea {
  const result = site.formula.result;
  return { row: site.row, column: site.column, numRows: result?.length ?? 1, numColumns: result?.[0]?.length ?? 1 };
}

export class Recalculator {
  constructor(private readonly book: FakeSpreadsheet) {}

  /** Dependents of changed cells become dirty; built-in formulas settle now. */
  contentChanged(changed: CellLocation[]): void {
    this.markDependents(changed);
    this.run(false);
  }

  /** Sheets or rows came or went: spills are laid out again, nothing is re-evaluated. */
  structureChanged(): void {
    this.relayout();
  }

  recalculate(): number {
    return this.run(true);
  }

  private run(includeCustom: boolean): number {
    let evaluated = 0;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      this.markDependents(this.relayout());
      const dirty = this.sites().filter((site) => site.formula.dirty);
      if (dirty.length === 0) return evaluated;
      const runnable = dirty.filter((site) => includeCustom || !this.isAsync(site));
      // First what nothing dirty can write into (a custom function's result may spill anywhere right
      // of and below its cell), else what no dirty formula's current result covers.
      const cautious = runnable.filter((site) => !dirty.some((other) => other.formula !== site.formula && this.mayWriteInto(other, site)));
      const ready = cautious.length > 0 ? cautious : runnable.filter((site) => !this.waitsOnAny(site, dirty));
      if (ready.length > 0) {
        for (const site of ready) this.evaluate(site);
        evaluated += ready.length;
        continue;
      }
      // Nothing can run: what does not wait (even indirectly) on a custom function is in a cycle.
      const stuck = includeCustom ? dirty : dirty.filter((site) => !this.reachesAsync(site, dirty, new Set()));
      if (stuck.length === 0) return evaluated;
      for (const site of stuck) {
        site.formula.result = [[CIRCULAR]];
        site.formula.dirty = false;
      }
      this.markDependents(stuck, new Set(stuck.map((site) => site.formula)));
    }
    throw new Error('Recalculation did not settle.');
  }

  private sites(): FormulaSite[] {
    return this.book.sheets.flatMap((sheet) =>
      sheet.formulaCells().map(({ row, column, cell }) => ({ sheet, row, column, formula: cell.formula as CellFormula })),
    );
  }

  private dependencies(site: FormulaSite): Dependency[] {
    const found: Dependency[] = [];
    if (!site.formula.expr) return found;
    walkExpr(site.formula.expr, (node) => {
      const target =
        node.type === 'ref' ? this.book.resolveReference(node.reference, site.sheet) : node.type === 'name' ? this.book.namedRange(node.name) : null;
      if (target) found.push(target);
    });
    return found;
  }

  /** True when the formula calls one of the add-on's functions (Sheets runs those asynchronously). */
  private isAsync(site: FormulaSite): boolean {
    let custom = false;
    if (site.formula.expr) {
      walkExpr(site.formula.expr, (node) => {
        if (node.type === 'call' && !isBuiltIn(node.name) && this.book.host.customFunctionName(node.name) !== null) custom = true;
      });
    }
    return custom;
  }

  /** True when `site` reads a cell `other`'s current result occupies. */
  private waitsOn(site: FormulaSite, other: FormulaSite): boolean {
    return this.reads(site, other.sheet, footprint(other));
  }

  /** True when `other`, once evaluated, could change a cell `site` reads. */
  private mayWriteInto(other: FormulaSite, site: FormulaSite): boolean {
    if (!this.isAsync(other)) return this.waitsOn(site, other);
    const rest = { row: other.row, column: other.column, numRows: other.sheet.maxRows - other.row + 1, numColumns: other.sheet.maxColumns - other.column + 1 };
    return this.reads(site, other.sheet, rest);
  }

  private reads(site: FormulaSite, sheet: FakeSheet, area: GridArea): boolean {
    return this.dependencies(site).some((dependency) => dependency.sheet === sheet && overlaps(dependency.area, area));
  }

  private waitsOnAny(site: FormulaSite, dirty: FormulaSite[]): boolean {
    return dirty.some((other) => this.waitsOn(site, other));
  }

  private reachesAsync(site: FormulaSite, dirty: FormulaSite[], seen: Set<CellFormula>): boolean {
    if (this.isAsync(site)) return true;
    seen.add(site.formula);
    return dirty.some((other) => !seen.has(other.formula) && this.waitsOn(site, other) && this.reachesAsync(other, dirty, seen));
  }

  /** Marks dirty every settled formula (but those in `except`) that reads one of the changed cells. */
  private markDependents(changed: CellLocation[], except: ReadonlySet<CellFormula> = new Set()): void {
    if (changed.length === 0) return;
    const bounds = new Map<FakeSheet, GridArea>();
    for (const { sheet, row, column } of changed) {
      const box = bounds.get(sheet);
      if (!box) {
        bounds.set(sheet, { row, column, numRows: 1, numColumns: 1 });
        continue;
      }
      const top = Math.min(box.row, row);
      const left = Math.min(box.column, column);
      box.numRows = Math.max(box.row + box.numRows, row + 1) - top;
      box.numColumns = Math.max(box.column + box.numColumns, column + 1) - left;
      box.row = top;
      box.column = left;
    }
    for (const site of this.sites()) {
      if (site.formula.dirty || except.has(site.formula)) continue;
      const reads = this.dependencies(site).some((dependency) => {
        const box = bounds.get(dependency.sheet);
        if (!box || !overlaps(box, dependency.area)) return false;
        return changed.some((cell) => cell.sheet === dependency.sheet && areaContains(dependency.area, cell.row, cell.column));
      });
      if (reads) site.formula.dirty = true;
    }
  }

  private evaluate(site: FormulaSite): void {
    const previous = site.formula.result?.[0]?.[0];
    let result: ValueGrid;
    this.book.evaluating = site;
    try {
      result = site.formula.expr ? evaluateFormula(site.formula.expr, this.environment(site)) : [[PARSE_ERROR]];
    } finally {
      this.book.evaluating = null;
    }
    site.formula.result = result;
    site.formula.dirty = false;
    const shown = result[0]?.[0] as CellValue;
    if (previous === undefined || !sameCellValue(previous, shown)) this.markDependents([site]);
  }

  /**
   * Lays out every array result again (sheet by sheet, anchors in row-major order) and returns
   * the cells whose shown value changed: spilled cells and anchors that became or stopped being #REF!.
   */
  private relayout(): CellLocation[] {
    const changed: CellLocation[] = [];
    for (const sheet of this.book.sheets) {
      const next = new Map<number, CellValue>();
      const claimed = new Set<string>();
      for (const { row, column, cell } of sheet.formulaCells()) {
        const formula = cell.formula as CellFormula;
        const before = formula.spillError;
        formula.spillError = this.spill(sheet, row, column, formula.result, claimed);
        if (!formula.spillError && formula.result) {
          formula.result.forEach((line, rowOffset) =>
            line.forEach((value, columnOffset) => {
              if (rowOffset === 0 && columnOffset === 0) return;
              next.set(cellKey(row + rowOffset, column + columnOffset), value);
            }),
          );
        }
        if ((before === null) !== (formula.spillError === null) || (before && formula.spillError && !sameCellValue(before, formula.spillError))) {
          changed.push({ sheet, row, column });
        }
      }
      const previous = sheet.spilled;
      sheet.spilled = next;
      for (const key of new Set([...previous.keys(), ...next.keys()])) {
        const was = previous.get(key);
        const now = next.get(key);
        if (was === undefined || now === undefined || !sameCellValue(was, now)) changed.push({ sheet, ...locationOfKey(key) });
      }
    }
    return changed;
  }

  /** Why a result cannot spill from (row, column), or null when it can; claims its cells. */
  private spill(sheet: FakeSheet, row: number, column: number, result: ValueGrid | null, claimed: Set<string>): SheetError | null {
    const numRows = result?.length ?? 1;
    const numColumns = result?.[0]?.length ?? 1;
    if (!result || (numRows === 1 && numColumns === 1)) return null;
    const missingRows = row + numRows - 1 - sheet.maxRows;
    if (missingRows > 0) return sheetError('#REF!', `Result was not automatically expanded, please insert more rows (${missingRows}).`);
    const missingColumns = column + numColumns - 1 - sheet.maxColumns;
    if (missingColumns > 0) return sheetError('#REF!', `Result was not automatically expanded, please insert more columns (${missingColumns}).`);
    const targets: string[] = [];
    for (let rowOffset = 0; rowOffset < numRows; rowOffset++) {
      for (let columnOffset = 0; columnOffset < numColumns; columnOffset++) {
        if (rowOffset === 0 && columnOffset === 0) continue;
        const targetRow = row + rowOffset;
        const targetColumn = column + columnOffset;
        const key = `${targetRow}:${targetColumn}`;
        if (sheet.cellAt(targetRow, targetColumn)?.hasContent() || claimed.has(key)) {
          return sheetError('#REF!', `Array result was not expanded because it would overwrite data in ${cellA1(targetRow, targetColumn)}.`);
        }
        targets.push(key);
      }
    }
    for (const key of targets) claimed.add(key);
    return null;
  }

  private environment(site: FormulaSite): FormulaEnvironment {
    const book = this.book;
    const gridOf = (sheet: FakeSheet, area: GridArea): ValueGrid =>
      Array.from({ length: area.numRows }, (_, rowOffset) =>
        Array.from({ length: area.numColumns }, (_, columnOffset) => sheet.typedValueAt(area.row + rowOffset, area.column + columnOffset)),
      );
    return {
      readReference(reference) {
        const target = book.resolveReference(reference, site.sheet);
        return target ? gridOf(target.sheet, target.area) : sheetError('#REF!', `Unresolved sheet name '${reference.sheetName ?? ''}'.`);
      },
      readName(name) {
        const named = book.namedRange(name);
        return named ? gridOf(named.sheet, named.area) : sheetError('#NAME?', `Unknown range name: '${name.toUpperCase()}'.`);
      },
      referencesVolatile(reference) {
        const target = book.resolveReference(reference, site.sheet);
        if (!target) return false;
        return target.sheet
          .formulaCells()
          .some(({ row, column, cell }) => areaContains(target.area, row, column) && cell.formula?.expr != null && usesVolatileFunction(cell.formula.expr));
      },
      customFunctionName: (name) => book.host.customFunctionName(name),
      callCustomFunction(name, args) {
        const zone = book.timeZone;
        const scriptArgs = args.map((arg) => (Array.isArray(arg) ? arg.map((line) => line.map((value) => scriptValueOf(value, zone))) : scriptValueOf(arg, zone)));
        book.customFunctionCalls.push({ name, args: scriptArgs, cell: `${site.sheet.name}!${cellA1(site.row, site.column)}`, atMs: book.host.now() });
        const outcome = book.host.callCustomFunction(name, scriptArgs);
        if (outcome.ok) return gridOfScriptResult(outcome.value, zone);
        return outcome.unknownFunction ? sheetError('#NAME?', `Unknown function: '${name.toUpperCase()}'.`) : sheetError('#ERROR!', outcome.error);
      },
      nowSerial: () => serialOfInstant(book.host.now(), book.timeZone),
    };
  }
}
