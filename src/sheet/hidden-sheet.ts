import type { SheetPort, SpreadsheetPort } from '../ports/spreadsheet';

/** The add-on's own sheet of this name (report state, change memory, journal), made hidden when missing. */
export function hiddenSheet(spreadsheet: SpreadsheetPort, name: string): SheetPort {
  const existing = spreadsheet.sheetByName(name);
  if (existing) return existing;
  const created = spreadsheet.insertSheet(name);
  created.hide();
  return created;
}
