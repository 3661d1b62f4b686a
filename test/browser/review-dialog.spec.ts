/**
 * The review dialog (dist/Review.html, opened by the menu's Review changes…) alone, with
 * google.script.run answered by stubs: it reviews at once, shows the changes, counts, totals and
 * refused rows as text, sends back exactly the reviewed plan on "Apply N changes", and Cancel
 * closes the dialog without a call.
 */
import type { ChangeApplyView, ChangeReviewView } from '../../src/app/sidebar/api';
import { saveScreenshot } from './support/artifacts';
import type { StubbedSidebar, StubHandlers } from './support/static-sidebar';
import { useStubbedSidebar } from './support/stubbed-page';

const HOSTILE = '<img src=x onerror=alert(1)>';
const REVIEW: ChangeReviewView = {
  sheet: 'Affise invoices',
  account: 'Affise',
  provider: 'Affise',
  changes: [
    { action: 'update', text: `Invoice 123: status waiting → completed; notes (empty) → ${HOSTILE}` },
    { action: 'correction', text: 'Invoice 123: correction −15.00 EUR ("chargeback")' },
  ],
  counts: ['1 update', '1 correction'],
  totals: [{ currency: 'EUR', corrections: '−15.00', creations: '0.00' }],
  refused: [{ row: 7, reason: '"paid" is not a status (use waiting, completed, partly paid, pending, declined).' }],
  unfinished: 0,
  notes: [],
  confirmLabel: 'Apply 2 changes',
  confirmText: ['Apply 2 changes?', '1 update, 1 correction', 'EUR: corrections −15.00, new invoices 0.00'],
  plan: { count: 2, fingerprint: '["c:123:0badf00d","u:123:feedbeef"]' },
};
const APPLIED: ChangeApplyView = {
  refusedBecause: null,
  summary: '2 applied.\nEach row says what became of it in Apply result; the Audit log sheet records every change.',
  finished: true,
  results: REVIEW.changes.map((change) => ({ change: change.text, state: 'applied', result: '✓ Applied at 2026-11-21 12:00:00 UTC.' })),
  auditSheet: 'Audit log',
};

// The size the menu opens it at (showModalDialog, 720 × 600).
const stubbed = useStubbedSidebar({ width: 720, height: 600 }, 'Review');

async function open(handlers: StubHandlers): Promise<StubbedSidebar> {
  const dialog = await stubbed.serve(handlers);
  const { page } = stubbed;
  await page.goto(dialog.url);
  // Cancel closes the dialog through google.script.host: recorded here.
  await page.evaluate(() => {
    const host = (window as unknown as { google: { script: { host: { close(): void } } } }).google.script.host;
    host.close = () => {
      document.body.dataset['closed'] = 'true';
    };
  });
  await page.locator('body[data-ready="true"]').waitFor();
  return dialog;
}

test('reviews at once, shows every text as text, and applies exactly the reviewed plan', async () => {
  const { page } = stubbed;
  const stub = await open({ sidebarReviewChanges: () => REVIEW, sidebarApplyChanges: () => APPLIED });
  expect(await page.locator('#review-changes li').allTextContents()).toEqual(REVIEW.changes.map((change) => change.text));
  expect(await page.locator('#review-refused li').allTextContents()).toEqual([`Row 7: ${REVIEW.refused[0]?.reason ?? ''}`]);
  expect(await page.locator('#review-counts p').textContent()).toBe('1 update · 1 correction');
  expect(await page.locator('#review-confirm-text').textContent()).toBe('Apply 2 changes?1 update, 1 correctionEUR: corrections −15.00, new invoices 0.00');
  expect(await page.locator('img').count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Review changes…' }).isVisible()).toBe(false);
  await saveScreenshot(page, 'review-dialog');

  await page.getByRole('button', { name: 'Apply 2 changes' }).click();
  await page.locator('#review-results li[data-state="applied"]').nth(1).waitFor();
  expect(stub.calls.map((call) => call.fn)).toEqual(['sidebarReviewChanges', 'sidebarApplyChanges']);
  expect(stub.calls[1]?.args).toEqual([{ sheet: REVIEW.sheet, plan: REVIEW.plan }]);
  expect(await page.getByRole('button', { name: 'Open the Audit log sheet' }).isVisible()).toBe(true);
});

test('Cancel closes the dialog and sends nothing', async () => {
  const { page } = stubbed;
  const stub = await open({ sidebarReviewChanges: () => REVIEW });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.locator('body[data-closed="true"]').waitFor();
  expect(stub.calls.map((call) => call.fn)).toEqual(['sidebarReviewChanges']);
});

test('a sheet that is not an editable report says so, in the words the server used', async () => {
  const { page } = stubbed;
  const message = 'Sheet "Scratch" holds no report. Open the sheet of an editable Affise invoices report, then choose Review changes… again.';
  await open({
    sidebarReviewChanges: () => {
      throw new Error(message);
    },
  });
  expect(await page.locator('#review-error').textContent()).toBe(message);
  expect(await page.locator('#review-confirm').count()).toBe(0);
  // Reviewing again is offered once a review failed (the dialog otherwise reviews by itself).
  expect(await page.getByRole('button', { name: 'Review changes…' }).isVisible()).toBe(true);
});
