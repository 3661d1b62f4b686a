/**
 * TextFinder's search and replace over the model.
 *
 * A cell is matched on what it shows, or - with matchFormulaText(true) - a formula cell on its
 * formula text. Replacing re-enters the cell's new text as if typed: a formula is entered again
 * and therefore recalculated even when its text did not change, which is how an add-on refreshes
 * its custom functions (`createTextFinder('=').matchFormulaText(true).replaceAllWith('=')`).
 * Formula cells are replaced only with matchFormulaText(true); spilled values are found, never replaced.
 */
import { cellKey, locationOfKey, areaContains, type GridArea } from './a1';
import type { CellLocation, FakeSheet, FakeSpreadsheet } from './model';
import { entryOfScriptValue } from './script-values';

export interface SearchScope {
  sheet: FakeSheet;
  /** null: the whole sheet. */
  area: GridArea | null;
}

export interface SearchOptions {
  matchCase: boolean;
  matchEntireCell: boolean;
  matchFormulaText: boolean;
  useRegularExpression: boolean;
}

function pattern(text: string, options: SearchOptions): RegExp {
  const source = options.useRegularExpression ? text : text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(options.matchEntireCell ? `^(?:${source})$` : source, options.matchCase ? 'g' : 'gi');
}

/** The text a cell is searched in. */
function searchedText(sheet: FakeSheet, row: number, column: number, options: SearchOptions): string {
  const formula = sheet.cellAt(row, column)?.formula;
  return options.matchFormulaText && formula ? formula.text : sheet.displayAt(row, column);
}

/** Cells showing something (entered or spilled), row by row. */
function candidates(scope: SearchScope): { row: number; column: number }[] {
  const keys = new Set<number>();
  for (const { row, column, cell } of scope.sheet.storedCells()) if (cell.hasContent()) keys.add(cellKey(row, column));
  for (const key of scope.sheet.spilled.keys()) keys.add(key);
  return [...keys]
    .sort((a, b) => a - b)
    .map(locationOfKey)
    .filter(({ row, column }) => scope.area === null || areaContains(scope.area, row, column));
}

export function findCells(scopes: readonly SearchScope[], text: string, options: SearchOptions): CellLocation[] {
  const search = pattern(text, options);
  return scopes.flatMap((scope) =>
    candidates(scope)
      .filter(({ row, column }) => {
        search.lastIndex = 0;
        return search.test(searchedText(scope.sheet, row, column, options));
      })
      .map(({ row, column }) => ({ sheet: scope.sheet, row, column })),
  );
}

/** Replaces every match and re-enters the changed cells; returns how many cells were replaced. */
export function replaceAll(book: FakeSpreadsheet, scopes: readonly SearchScope[], text: string, replacement: string, options: SearchOptions): number {
  const search = pattern(text, options);
  let replaced = 0;
  for (const scope of scopes) {
    const retyped = new Map<number, string>();
    for (const { row, column } of findCells([scope], text, options)) {
      const cell = scope.sheet.cellAt(row, column);
      if (!cell?.hasContent() || (cell.formula && !options.matchFormulaText)) continue;
      retyped.set(cellKey(row, column), searchedText(scope.sheet, row, column, options).replace(search, replacement));
    }
    replaced += retyped.size;
    book.edit(scope.sheet, [...retyped.keys()].map(locationOfKey), (cell, row, column) => {
      cell.enter(entryOfScriptValue(retyped.get(cellKey(row, column)), cell.numberFormat, book.timeZone));
    });
  }
  return replaced;
}
