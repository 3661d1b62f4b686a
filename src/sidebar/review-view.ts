import type { ChangeApplyView, ChangeReviewView } from '../app/sidebar/api';
import { callServer, errorMessage } from './bridge';
import { h, replaceChildren, showMessage, whileBusy, type Child } from './dom';

/**
 * Review changes…: the pending changes of the active sheet's editable report in words, counts and
 * totals on top, refused rows with their reasons, then "Apply N changes" (which repeats the counts
 * and totals) or Cancel (sends nothing), then each change's result and the Audit log. The same view
 * is the sidebar's Changes panel and the menu's dialog (Review.html). Every string from the server
 * becomes text, never HTML.
 */
export interface ReviewViewOptions {
  /** Cancel: the dialog closes; the sidebar shows the start again. */
  onCancel: () => void;
  /** The sidebar shows "Review changes…" at all times; the dialog, which reviews at once, only after a failed review (to try again). */
  alwaysShowStart: boolean;
}

export interface ReviewView {
  review(): Promise<void>;
}

export function setUpReviewView(root: HTMLElement, options: ReviewViewOptions): ReviewView {
  const start = h('button', { className: 'primary', id: 'review-start', attrs: { type: 'button' } }, 'Review changes…');
  const busy = h('p', { className: 'busy', id: 'review-busy', attrs: { 'aria-live': 'polite' } });
  const error = h('div', { className: 'alert', id: 'review-error', attrs: { role: 'alert' } });
  const notice = h('p', { className: 'notice', id: 'review-notice', attrs: { role: 'status' } });
  const body = h('div', { id: 'review-body' });
  const toolbar = h('div', { className: 'toolbar' }, start);
  toolbar.hidden = !options.alwaysShowStart;
  replaceChildren(root, toolbar, error, notice, busy, body);

  const review = async (): Promise<void> => {
    showMessage(error, '');
    showMessage(notice, '');
    replaceChildren(body);
    try {
      const view = await whileBusy([start], busy, 'Reading the sheet and checking each change…', () => callServer('sidebarReviewChanges'));
      showReview(view);
    } catch (failure) {
      showMessage(error, errorMessage(failure));
      toolbar.hidden = false;
    }
  };

  const showReview = (view: ChangeReviewView): void => {
    const apply = view.confirmLabel === null ? null : h('button', { className: 'primary', id: 'review-apply', attrs: { type: 'button' } }, view.confirmLabel);
    const cancel = h('button', { id: 'review-cancel', attrs: { type: 'button' } }, 'Cancel');
    replaceChildren(
      body,
      h('h2', { id: 'review-title' }, `Changes on "${view.sheet}"`),
      h('p', { className: 'hint' }, `To the ${view.provider} connection "${view.account}". Nothing is sent until you confirm.`),
      ...view.notes.map((note) => h('p', { className: 'review-note' }, note)),
      summaryOf(view),
      view.changes.length === 0
        ? null
        : h(
            'section',
            { className: 'review-section', attrs: { 'aria-labelledby': 'review-changes-title' } },
            h('h3', { id: 'review-changes-title' }, `${view.changes.length} pending change${view.changes.length === 1 ? '' : 's'}`),
            h('ul', { className: 'review-list', id: 'review-changes' }, ...view.changes.map((change) => h('li', { className: `change-${change.action}` }, change.text))),
          ),
      view.refused.length === 0
        ? null
        : h(
            'section',
            { className: 'review-section', attrs: { 'aria-labelledby': 'review-refused-title' } },
            h('h3', { id: 'review-refused-title' }, `${view.refused.length} row${view.refused.length === 1 ? '' : 's'} will not be sent`),
            h('p', { className: 'hint' }, 'Each says why in its Apply result cell too. Correct it in the sheet, then review again.'),
            h('ul', { className: 'review-list refused', id: 'review-refused' }, ...view.refused.map((refusal) => h('li', {}, `Row ${refusal.row}: ${refusal.reason}`))),
          ),
      h(
        'div',
        { className: 'review-confirm', id: 'review-confirm' },
        apply === null ? h('p', {}, 'Nothing to send.') : h('p', { id: 'review-confirm-text' }, ...view.confirmText.flatMap((line, index): Child[] => (index === 0 ? [h('strong', {}, line)] : [h('br'), line]))),
        h('div', { className: 'actions' }, apply, cancel),
      ),
    );
    cancel.addEventListener('click', () => {
      replaceChildren(body);
      showMessage(notice, 'Cancelled: nothing was sent.');
      options.onCancel();
    });
    apply?.addEventListener('click', () => {
      void (async () => {
        showMessage(error, '');
        try {
          const applied = await whileBusy([apply, cancel, start], busy, `${view.confirmLabel ?? 'Applying'}…`, () => callServer('sidebarApplyChanges', { sheet: view.sheet, plan: view.plan }));
          showResults(applied);
        } catch (failure) {
          showMessage(error, errorMessage(failure));
        }
      })();
    });
    (apply ?? cancel).focus();
  };

  const showResults = (applied: ChangeApplyView): void => {
    const again = h('button', { id: 'review-again', attrs: { type: 'button' } }, 'Review again');
    const audit = applied.auditSheet === null ? null : h('button', { className: 'link', id: 'review-audit', attrs: { type: 'button' } }, `Open the ${applied.auditSheet} sheet`);
    replaceChildren(
      body,
      h('h2', { id: 'review-title' }, applied.refusedBecause !== null ? 'Nothing was sent' : applied.finished ? 'Applied' : 'Not finished'),
      applied.refusedBecause === null ? h('p', { className: applied.finished ? 'notice' : 'alert', id: 'review-summary' }, applied.summary) : h('div', { className: 'alert', id: 'review-summary' }, applied.refusedBecause),
      applied.results.length === 0 ? null : h('ul', { className: 'review-list results', id: 'review-results' }, ...applied.results.map((result) => h('li', { className: `result-${result.state}`, attrs: { 'data-state': result.state } }, h('span', { className: 'result-change' }, result.change), h('span', { className: 'result-text' }, result.result)))),
      h('div', { className: 'actions' }, again, audit),
    );
    again.addEventListener('click', () => void review());
    audit?.addEventListener('click', () => {
      callServer('sidebarShowAuditLog').then(
        () => undefined,
        (failure: unknown) => showMessage(error, errorMessage(failure)),
      );
    });
    again.focus();
  };

  start.addEventListener('click', () => void review());
  return { review };
}

/** Counts per action and totals per currency, on top. */
function summaryOf(view: ChangeReviewView): HTMLElement | null {
  if (view.counts.length === 0) return null;
  return h(
    'div',
    { className: 'review-summary', id: 'review-counts' },
    h('p', {}, view.counts.join(' · ')),
    view.totals.length === 0
      ? null
      : h(
          'table',
          { className: 'preview-table review-totals', id: 'review-totals' },
          h('thead', {}, h('tr', {}, h('th', { attrs: { scope: 'col' } }, 'Currency'), h('th', { attrs: { scope: 'col' } }, 'Corrections'), h('th', { attrs: { scope: 'col' } }, 'New invoices'))),
          h('tbody', {}, ...view.totals.map((total) => h('tr', {}, h('th', { attrs: { scope: 'row' } }, totalHeading(total)), h('td', {}, total.corrections), h('td', {}, total.creations)))),
        ),
    view.totals.some((total) => total.currency === '')
      ? h('p', { className: 'hint', id: 'review-totals-note' }, "Everflow's new invoices are sent without a currency: Everflow invoices them in the currency it keeps for the partner or network. They are totalled per partner, never added to another partner's or to a currency's.")
      : null,
  );
}

/** A totals row's heading: its currency, or the partner whose new invoices carry none. */
function totalHeading(total: ChangeReviewView['totals'][number]): string {
  return total.currency !== '' ? total.currency : `Partner ${total.partner ?? '?'} (currency not given)`;
}

