/**
 * The playground's grid behaves like a sheet: every row of a long sheet can be reached and the
 * rows not drawn yet are counted; the keyboard selects, edits and cancels; the grid goes on past
 * the last used cell, a blocked spill says why in the status line; a custom function's cell shows
 * "Loading..." while it calculates; table roles, a labelled formula bar, sheet tabs on arrow keys.
 */
import { parseTypedInput } from '../../test-support/emulator/spreadsheet/typed-input';
import { saveScreenshot } from './support/artifacts';
import { gridCell, openPlayground, showSheet, waitForText, type PlaygroundSession } from './support/playground';

let session: PlaygroundSession;
const LONG_SHEET_ROWS = 540;

beforeAll(async () => {
  session = await openPlayground({ fakeApi: { invoiceCount: 8 } });
  // A sheet longer than the first page of rows the grid draws, as a 539-line report is.
  const book = session.playground.harness.sheets.spreadsheet;
  const sheet = book.insertSheet('Long');
  book.enter(sheet, { row: 1, column: 1, numRows: LONG_SHEET_ROWS, numColumns: 2 }, (_cell, row, column) =>
    parseTypedInput(row === 0 ? (column === 0 ? 'Line' : 'Amount') : column === 0 ? `line ${row}` : String(row * 10), 'General'),
  );
});
afterAll(async () => {
  await session.close();
});

test('every row of a long sheet can be seen, and the rows not drawn yet are counted', async () => {
  const { page } = session;
  await page.reload();
  await page.locator('body[data-version]').waitFor();
  await showSheet(page, 'Long');
  const rowsStatus = page.locator('#rows-status');
  await waitForText(rowsStatus, `Rows 1–200 of ${LONG_SHEET_ROWS} shown; scroll down for more, or show all rows`);
  await saveScreenshot(page, 'grid-rows-counted');

  // Scrolling to the end of what is drawn draws the next rows.
  await page.locator('#grid-scroll').evaluate((scroller) => scroller.scrollTo(0, scroller.scrollHeight));
  await waitForText(gridCell(page, 'A300'), 'line 299');
  await waitForText(rowsStatus, `Rows 1–400 of ${LONG_SHEET_ROWS} shown; scroll down for more, or show all rows`);

  await rowsStatus.getByRole('button', { name: 'show all rows' }).click();
  await waitForText(gridCell(page, `A${LONG_SHEET_ROWS}`), `line ${LONG_SHEET_ROWS - 1}`);
  await waitForText(rowsStatus, `${LONG_SHEET_ROWS} rows`);
  expect(session.pageErrors).toEqual([]);
});

test('the keyboard selects, types, moves and cancels as in Sheets; the grid has table roles and a labelled formula bar', async () => {
  const { page } = session;
  await showSheet(page, 'Sheet1');
  const cells = page.getByRole('grid', { name: 'Cells' });
  await cells.getByRole('gridcell').first().waitFor();
  await gridCell(page, 'B2').click();
  await expect(page.getByLabel('Contents of cell B2').count()).resolves.toBe(1);

  // Typing into the selected cell starts editing it; Enter keeps the text and moves down.
  await page.keyboard.type('42');
  expect(await page.locator('#formula-input').inputValue()).toBe('42');
  await page.keyboard.press('Enter');
  await waitForText(gridCell(page, 'B2'), '42');
  await waitForText(page.locator('#name-box'), 'B3');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-cell'))).toBe('B3');

  // Tab keeps and moves right; a formula reads the cell above.
  await page.keyboard.type('=B2*2');
  await page.keyboard.press('Tab');
  await waitForText(gridCell(page, 'B3'), '84');
  await waitForText(page.locator('#name-box'), 'C3');

  // Arrows move; Escape cancels an edit and leaves the cell as it was.
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowUp');
  await waitForText(page.locator('#name-box'), 'B2');
  await page.keyboard.type('oops');
  await page.keyboard.press('Escape');
  expect(await page.locator('#formula-input').inputValue()).toBe('42');
  await waitForText(gridCell(page, 'B2'), '42');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-cell'))).toBe('B2');
  expect(await page.getByRole('gridcell', { selected: true }).getAttribute('data-cell')).toBe('B2');
  expect(session.playground.harness.sheets.spreadsheet.sheet('Sheet1').displayAt(2, 2)).toBe('42');

  // Clicking elsewhere while editing keeps what was typed, as Sheets does.
  await gridCell(page, 'C2').click();
  await page.keyboard.type('kept');
  await gridCell(page, 'D2').click();
  await waitForText(gridCell(page, 'C2'), 'kept');
  await waitForText(page.locator('#name-box'), 'D2');

  // The grid goes on past the last used cell, to the sheet's edge, as Sheets does.
  await expect(gridCell(page, 'Z200').count()).resolves.toBe(1);
  expect(session.pageErrors).toEqual([]);
});

test('a custom function shows "Loading..." while it calculates; a blocked spill says why in the status line', async () => {
  const { page } = session;
  await showSheet(page, 'Sheet1');
  await gridCell(page, 'E6').click();
  await page.keyboard.type('in the way');
  await page.keyboard.press('Enter');
  await waitForText(gridCell(page, 'E6'), 'in the way');

  // Hold the page's next look at the sheet, so the calculating state can be seen.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/sheets*', async (route) => {
    await held;
    await route.continue();
  });
  await gridCell(page, 'D5').click();
  await page.keyboard.type('=EFLOW_INVOICES()');
  await page.keyboard.press('Enter');
  await waitForText(gridCell(page, 'D5'), 'Loading...');
  await page.keyboard.press('ArrowUp');
  await waitForText(page.locator('#cell-status'), 'D5: Loading... the custom function is calculating.');
  await saveScreenshot(page.locator('section.sheet-area'), 'grid-loading');
  release();
  // Every held poll goes on before the route is removed.
  await page.unrouteAll({ behavior: 'wait' });

  await waitForText(gridCell(page, 'D5'), '#REF!');
  await waitForText(page.locator('#cell-status'), 'D5: #REF! Array result was not expanded because it would overwrite data in E6.');
  await saveScreenshot(page.locator('section.sheet-area'), 'grid-spill-blocked');

  // Clearing the obstacle lets the result spill, without a mouse.
  await gridCell(page, 'E6').click();
  await page.keyboard.press('Delete');
  await waitForText(gridCell(page, 'D5'), 'Invoice ID');
  await waitForText(gridCell(page, 'E5'), 'Status');
  expect(session.pageErrors).toEqual([]);
});

test('the sheet tabs move with the arrow keys', async () => {
  const { page } = session;
  await showSheet(page, 'Sheet1');
  await page.getByRole('tab', { name: 'Sheet1' }).focus();
  await page.keyboard.press('ArrowRight');
  await page.getByRole('tab', { name: 'Long', selected: true }).waitFor();
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Long');
  await waitForText(gridCell(page, 'A2'), 'line 1');
  await page.keyboard.press('ArrowLeft');
  await page.getByRole('tab', { name: 'Sheet1', selected: true }).waitFor();
  expect(session.pageErrors).toEqual([]);
  expect(session.dialogs).toEqual([]);
});
