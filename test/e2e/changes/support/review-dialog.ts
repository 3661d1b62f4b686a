import type { ChangeApplyView, ChangeReviewView } from '../../../../src/app/sidebar/api';
import type { ExecutionOutcome } from '../../../../test-support/emulator/emulator';
import type { SheetFake } from '../../../../test-support/emulator/spreadsheet/spreadsheet-app';
import type { AddOnHarness } from '../../../../test-support/harness';
import { userSpreadsheetApp } from '../../../../tools/runner/report-document';

/*
 * The review dialog's calls on the built bundle, as the menu's dialog and the sidebar's Changes
 * panel make them, for the review/apply e2e tests.
 */

/** The user opens the spreadsheet (onOpen, full authorization) with the report's sheet active, as before Review changes…; answers the sheet. */
export function openOnSheet(harness: AddOnHarness, sheetName: string): SheetFake {
  const opened = harness.execute('onOpen', { authMode: 'FULL' });
  if (!opened.ok) throw new Error(`onOpen failed: ${opened.error}`);
  const book = userSpreadsheetApp(harness).getActive();
  const sheet = book.getSheetByName(sheetName);
  if (!sheet) throw new Error('no report sheet');
  book.setActiveSheet(sheet);
  return sheet;
}

/** What the review dialog shows for the active sheet (sends nothing). */
export function reviewChanges(harness: AddOnHarness): ChangeReviewView {
  const outcome = harness.execute('sidebarReviewChanges');
  if (!outcome.ok) throw new Error(`Review failed: ${outcome.error}`);
  return outcome.value as ChangeReviewView;
}

/** "Apply N changes" (or "Finish the earlier apply") in the dialog: the reviewed plan goes back as reviewed; the execution's outcome as it ended. */
export function applyReviewedOutcome(harness: AddOnHarness, reviewed: ChangeReviewView): ExecutionOutcome {
  return harness.execute('sidebarApplyChanges', { sheet: reviewed.sheet, plan: reviewed.plan });
}

/** "Apply N changes" in the dialog, for an execution that must end normally: what the dialog shows after. */
export function applyReviewed(harness: AddOnHarness, reviewed: ChangeReviewView): ChangeApplyView {
  const outcome = applyReviewedOutcome(harness, reviewed);
  if (!outcome.ok) throw new Error(`Apply failed: ${outcome.error}`);
  return outcome.value as ChangeApplyView;
}
