import type { ReportsOverview, ReportView } from '../app/sidebar/api';
import { callServer, errorMessage } from './bridge';
import { byId, h, replaceChildren, showMessage, whileBusy } from './dom';
import { NEW_DASHBOARD, setUpReportForm } from './report-form';

/** A run that answers "not complete" without moving on this many times in a row has stalled. */
const MAX_STALLED_ROUNDS = 2;
/** While a run call is in flight, the page asks for its count this often (one question at a time). */
const PROGRESS_POLL_MS = 1_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The Reports panel: the list with each report's state, run now with progress, edit, delete. */
export function setUpReportsPanel(): { activate(): void } {
  const listView = byId('reports-list-view', HTMLElement);
  const list = byId('report-list', HTMLUListElement);
  const errorRegion = byId('reports-error', HTMLElement);
  const notice = byId('reports-notice', HTMLElement);
  const busy = byId('reports-busy', HTMLElement);
  const triggerLine = byId('reports-trigger', HTMLElement);
  const newButton = byId('report-new', HTMLButtonElement);
  const newDashboardButton = byId('report-new-dashboard', HTMLButtonElement);
  const reload = byId('reports-refresh', HTMLButtonElement);

  let loaded = false;
  let overview: ReportsOverview | null = null;

  const form = setUpReportForm({
    save: (values) => callServer('sidebarSaveReport', values),
    estimate: (values) => callServer('sidebarEstimateReportCost', values),
    onSaved: (next, saved) => {
      render(next);
      showList();
      const report = next.reports.find((candidate) => candidate.name === saved.name);
      showMessage(notice, `Saved "${saved.name}". ${report ? report.scheduleText : ''}. ${next.triggerText}`);
    },
    onCancel: () => showList(),
  });

  const showList = (): void => {
    form.hide();
    listView.hidden = false;
    newButton.focus();
  };

  /** Every button of the list; disabled while one call is under way. */
  const listButtons = (): HTMLButtonElement[] => [newButton, reload, ...list.querySelectorAll('button')];

  /** Runs one action with the list's buttons disabled; its error is shown and null answered. */
  const call = async <T>(busyText: string, action: () => Promise<T>): Promise<T | null> => {
    showMessage(errorRegion, '');
    showMessage(notice, '');
    try {
      return await whileBusy(listButtons(), busy, busyText, action);
    } catch (error) {
      showMessage(errorRegion, errorMessage(error));
      return null;
    }
  };

  const fact = (term: string, value: string | null, className?: string): Node[] =>
    value === null || value === '' ? [] : [h('dt', {}, term), h('dd', className ? { className } : {}, value)];

  const reportCard = (report: ReportView): HTMLLIElement => {
    const progress = h('progress', { attrs: { 'aria-label': `Progress of ${report.name}` } });
    progress.hidden = report.progressText === null;
    const runStatus = h('p', { className: 'busy', attrs: { role: 'status' } }, report.progressText ?? '');
    const confirmBox = h('div', { className: 'confirm', attrs: { role: 'group', 'aria-label': `Delete ${report.name}?` } });
    confirmBox.hidden = true;

    const runButton = h('button', { className: 'small primary', attrs: { type: 'button', 'aria-label': `Run ${report.name} now` } }, 'Run now');
    const editButton = h('button', { className: 'small', attrs: { type: 'button', 'aria-label': `Edit ${report.name}` } }, 'Edit');
    const deleteButton = h('button', { className: 'small danger', attrs: { type: 'button', 'aria-label': `Delete ${report.name}` } }, 'Delete');

    runButton.addEventListener('click', () => void runReport(report, progress, runStatus));
    editButton.addEventListener('click', () => {
      if (!overview) return;
      listView.hidden = true;
      form.show(overview, report.form);
    });
    deleteButton.addEventListener('click', () => {
      const confirmButton = h('button', { className: 'small danger', attrs: { type: 'button' } }, 'Delete');
      const cancelButton = h('button', { className: 'small', attrs: { type: 'button' } }, 'Keep');
      replaceChildren(confirmBox, h('p', {}, `Delete the report "${report.name}"? Its sheet and data stay.`), h('div', { className: 'actions' }, confirmButton, cancelButton));
      confirmBox.hidden = false;
      cancelButton.addEventListener('click', () => {
        confirmBox.hidden = true;
        deleteButton.focus();
      });
      confirmButton.addEventListener('click', () => {
        void call(`Deleting "${report.name}"…`, async () => {
          const next = await callServer('sidebarDeleteReport', { id: report.id });
          render(next);
          showMessage(notice, `Deleted "${report.name}". ${next.triggerText}`);
          newButton.focus();
        });
      });
      cancelButton.focus();
    });

    const badge = report.lastResult === null ? null : h('span', { className: `badge ${report.lastResult}` }, report.lastResult);
    return h(
      'li',
      { className: 'card report-card', attrs: { 'data-report-id': report.id } },
      h('h3', {}, report.name, badge),
      h(
        'dl',
        { className: 'facts' },
        ...fact('Kind', report.kind),
        ...fact('Filters', report.filtersText),
        ...fact('Sheet', report.sheet),
        ...fact('Mode', report.mode),
        ...fact('Schedule', report.enabled ? report.scheduleText : `${report.scheduleText} (paused)`),
        ...fact('Last run', report.lastRun ?? 'Never'),
        ...fact('Next run', report.nextRun),
        ...fact('Last error', report.lastError, 'error-text'),
      ),
      progress,
      runStatus,
      h('div', { className: 'actions' }, runButton, editButton, deleteButton),
      confirmBox,
    );
  };

  /** Runs a report to the end: each call works until its time budget, then the next continues. */
  const runReport = async (report: ReportView, progress: HTMLProgressElement, runStatus: HTMLElement): Promise<void> => {
    progress.hidden = false;
    progress.removeAttribute('value');
    const running = `Running "${report.name}"…`;
    runStatus.textContent = running;
    const showCount = (done: number, total: number): void => {
      if (total <= 0) return;
      progress.max = total;
      progress.value = done;
      runStatus.textContent = `${running} ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} invoices`;
    };
    // The card says "Running" (and the count as it moves); the list's busy line stays quiet.
    const outcome = await call('', async () => {
      let stalled = 0;
      for (let previousDone: number | null = null; ; ) {
        const round = await countingWhile(callServer('sidebarRunReport', { id: report.id }), report.id, showCount);
        if (round.done !== null && round.total !== null) showCount(round.done, round.total);
        if (round.complete) return round;
        stalled = round.done !== null && round.done === previousDone ? stalled + 1 : 0;
        if (stalled >= MAX_STALLED_ROUNDS) throw new Error(`"${report.name}" stopped making progress: ${round.message}`);
        previousDone = round.done;
      }
    });
    // The cards are rebuilt from the reports' new state; the run's outcome stays above the list.
    const failure = errorRegion.textContent ?? '';
    await loadList();
    if (!outcome) {
      showMessage(errorRegion, failure);
    } else if (outcome.outcome === 'failed' || outcome.outcome === 'skipped') {
      showMessage(errorRegion, outcome.message);
    } else {
      replaceChildren(notice, outcome.message, ' ', sheetLink(report));
    }
  };

  /**
   * Asks for the report's count while `run` is in flight, and shows each one that comes back
   * before the run answers (a late one would be older than the run's own answer).
   */
  const countingWhile = async <T>(run: Promise<T>, id: string, show: (done: number, total: number) => void): Promise<T> => {
    let inFlight = true;
    const poll = async (): Promise<void> => {
      while (inFlight) {
        await sleep(PROGRESS_POLL_MS);
        if (!inFlight) return;
        try {
          const count = await callServer('sidebarRunProgress', { id });
          if (inFlight && count !== null) show(count.done, count.total);
        } catch {
          // A count that did not come is only a count: the run answers for itself.
        }
      }
    };
    void poll();
    try {
      return await run;
    } finally {
      inFlight = false;
    }
  };

  /** The link a finished run ends with: it brings the report's sheet to the front. */
  const sheetLink = (report: ReportView): HTMLButtonElement => {
    const link = h('button', { className: 'link', attrs: { type: 'button' } }, `Open sheet "${report.sheet}"`);
    link.addEventListener('click', () => {
      void callServer('sidebarShowReportSheet', { id: report.id }).catch((error: unknown) => showMessage(errorRegion, errorMessage(error)));
    });
    return link;
  };

  const render = (next: ReportsOverview): void => {
    overview = next;
    triggerLine.textContent = next.triggerText;
    if (next.problems.length > 0) showMessage(errorRegion, next.problems.join('\n'));
    if (next.reports.length === 0) {
      replaceChildren(list, h('li', { className: 'empty' }, 'No reports yet. A report writes invoices, lines or payments to a sheet and can refresh on a schedule.'));
      return;
    }
    replaceChildren(list, ...next.reports.map(reportCard));
  };

  const loadList = async (): Promise<void> => {
    try {
      render(await callServer('sidebarListReports'));
      loaded = true;
    } catch (error) {
      showMessage(errorRegion, errorMessage(error));
    }
  };

  newButton.addEventListener('click', () => {
    if (!overview) return;
    listView.hidden = true;
    form.show(overview, null);
  });
  newDashboardButton.addEventListener('click', () => {
    if (!overview) return;
    listView.hidden = true;
    form.show(overview, null, NEW_DASHBOARD);
  });
  reload.addEventListener('click', () => void call('Loading reports…', loadList));

  return {
    activate(): void {
      if (!loaded) void call('Loading reports…', loadList);
    },
  };
}
