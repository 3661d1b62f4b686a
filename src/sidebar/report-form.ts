import type { ReportCostView, ReportForm, ReportsOverview } from '../app/sidebar/api';
import { errorMessage } from './bridge';
import { byId, h, replaceChildren, setOptions, showMessage, whileBusy } from './dom';

export interface ReportFormOptions {
  save(values: ReportForm): Promise<ReportsOverview>;
  /** The report's cost in Google's daily quotas (one request to count the matching invoices). */
  estimate(values: ReportForm): Promise<ReportCostView>;
  onSaved(next: ReportsOverview, saved: ReportForm): void;
  onCancel(): void;
}

const capitalise = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
const hourLabel = (hour: number): string => `${String(hour).padStart(2, '0')}:00`;

const BLANK: ReportForm = {
  id: '',
  name: '',
  kind: 'invoices',
  status: '',
  startDate: '',
  endDate: '',
  minBalance: '',
  maxBalance: '',
  lineType: '',
  affiliateIds: '',
  search: '',
  account: '',
  sheet: '',
  mode: 'replace',
  frequency: 'none',
  hour: '6',
  day: 'monday',
  enabled: true,
};

/** "Add a receivables dashboard": a new report with these fields filled in (the schedule can be changed before saving). */
export const NEW_DASHBOARD: Partial<ReportForm> = {
  name: 'Receivables dashboard',
  kind: 'dashboard',
  sheet: 'Receivables dashboard',
  frequency: 'daily',
  hour: '6',
};

/** The create/edit form of a report, validated here for quick feedback and again on the server. */
export function setUpReportForm(options: ReportFormOptions): {
  show(overview: ReportsOverview, values: ReportForm | null, preset?: Partial<ReportForm>): void;
  hide(): void;
} {
  const form = byId('report-form', HTMLFormElement);
  const title = byId('report-form-title', HTMLElement);
  const idInput = form.querySelector<HTMLInputElement>('input[name="id"]');
  const name = byId('report-name', HTMLInputElement);
  const kind = byId('report-kind', HTMLSelectElement);
  const status = byId('report-status', HTMLSelectElement);
  const start = byId('report-start', HTMLInputElement);
  const end = byId('report-end', HTMLInputElement);
  const min = byId('report-min', HTMLInputElement);
  const max = byId('report-max', HTMLInputElement);
  const lineType = byId('report-line-type', HTMLSelectElement);
  const account = byId('report-account', HTMLSelectElement);
  const lineTypeField = byId('report-line-type-field', HTMLElement);
  const affiliateIds = byId('report-affiliates', HTMLInputElement);
  const affiliatesField = byId('report-affiliates-field', HTMLElement);
  const search = byId('report-search', HTMLInputElement);
  const searchField = byId('report-search-field', HTMLElement);
  const statusField = byId('report-status-field', HTMLElement);
  const balanceFields = byId('report-balance-fields', HTMLElement);
  const startLabel = form.querySelector<HTMLLabelElement>('label[for="report-start"]');
  const endLabel = form.querySelector<HTMLLabelElement>('label[for="report-end"]');
  const accountHelp = byId('report-account-help', HTMLElement);
  const sheet = byId('report-sheet', HTMLInputElement);
  const sheets = byId('report-sheets', HTMLDataListElement);
  const mode = byId('report-mode', HTMLSelectElement);
  const frequency = byId('report-frequency', HTMLSelectElement);
  const day = byId('report-day', HTMLSelectElement);
  const dayField = byId('report-day-field', HTMLElement);
  const hour = byId('report-hour', HTMLSelectElement);
  const hourField = byId('report-hour-field', HTMLElement);
  const zone = byId('report-zone', HTMLElement);
  const enabled = byId('report-enabled', HTMLInputElement);
  const errorRegion = byId('report-form-error', HTMLElement);
  const saveButton = byId('report-save', HTMLButtonElement);
  const cancelButton = byId('report-cancel', HTMLButtonElement);
  const estimateButton = byId('report-estimate', HTMLButtonElement);
  const cost = byId('report-cost', HTMLElement);
  const busy = byId('report-form-busy', HTMLElement);
  if (!idInput) throw new Error('The report form has no id field.');

  let overview: ReportsOverview | null = null;
  /** The values a new report's warning was shown for: Save again with them keeps the report anyway. */
  let warnedFor: string | null = null;

  const fieldErrors: Array<{ input: HTMLInputElement; message: HTMLElement }> = [
    { input: name, message: byId('report-name-error', HTMLElement) },
    { input: start, message: byId('report-start-error', HTMLElement) },
    { input: end, message: byId('report-end-error', HTMLElement) },
    { input: min, message: byId('report-min-error', HTMLElement) },
    { input: sheet, message: byId('report-sheet-error', HTMLElement) },
    { input: affiliateIds, message: byId('report-affiliates-error', HTMLElement) },
    { input: search, message: byId('report-search-error', HTMLElement) },
  ];
  /** The server checks these fields with the functions' parameters; its message, which starts with the field's label, shows under the field. */
  const serverCheckedFields: ReadonlyArray<{ label: string; input: HTMLInputElement }> = [
    { label: 'Affiliate IDs', input: affiliateIds },
    { label: 'Search', input: search },
  ];

  /** Shows a message from the server: under the field it names when that is one of the server-checked fields, else in the form's alert. */
  const showServerError = (message: string, fallbackFocus: HTMLElement): void => {
    const named = serverCheckedFields.find(({ label, input }) => message.startsWith(`${label}:`) && !input.closest<HTMLElement>('[hidden]'));
    const slot = named && fieldErrors.find((candidate) => candidate.input === named.input);
    if (!named || !slot) {
      showMessage(errorRegion, message);
      fallbackFocus.focus();
      return;
    }
    named.input.setAttribute('aria-invalid', 'true');
    slot.message.textContent = message;
    named.input.focus();
  };

  const clearErrors = (): void => {
    for (const { input, message } of fieldErrors) {
      input.removeAttribute('aria-invalid');
      message.textContent = '';
    }
    showMessage(errorRegion, '');
  };

  /** Shows the fields' problems next to them and focuses the first; answers true when there are none. */
  const validate = (): boolean => {
    clearErrors();
    const problems: Array<[HTMLInputElement, string]> = [];
    if (name.value.trim() === '') problems.push([name, 'Name the report.']);
    if (start.validity.badInput) problems.push([start, 'Period from: enter a whole date.']);
    if (end.validity.badInput) problems.push([end, 'Period to: enter a whole date.']);
    if (start.value !== '' && end.value !== '' && start.value > end.value) problems.push([start, 'Period from must be on or before Period to.']);
    if (min.validity.badInput || max.validity.badInput) problems.push([min, 'Balances must be numbers, such as 100 or 99.50.']);
    else if (min.value !== '' && max.value !== '' && Number(min.value) > Number(max.value)) problems.push([min, 'Min balance must be at most Max balance.']);
    if (sheet.value.trim() === '') problems.push([sheet, 'Name the sheet the report writes to.']);
    for (const [input, text] of problems) {
      const slot = fieldErrors.find((candidate) => candidate.input === input);
      input.setAttribute('aria-invalid', 'true');
      if (slot) slot.message.textContent = slot.message.textContent ? `${slot.message.textContent} ${text}` : text;
    }
    problems[0]?.[0].focus();
    return problems.length === 0;
  };

  const providerOf = (value: string): string => overview?.choices.providerByKind[value] ?? 'everflow';
  const isDashboard = (value: string): boolean => Object.values(overview?.choices.dashboardKindByProvider ?? {}).includes(value);
  /** Account options carry their provider, so a dashboard's account can choose its kind: "affise:Network". */
  const accountValue = (provider: string, name: string): string => `${provider}:${name}`;
  const accountNameOf = (value: string): string => value.slice(value.indexOf(':') + 1);
  const accountProviderOf = (value: string): string => value.slice(0, Math.max(0, value.indexOf(':')));

  /**
   * The Account field lists the connections of the kind's provider; a dashboard's lists Everflow
   * and Affise ones alike (it reads either), and choosing one chooses the dashboard's kind.
   */
  const syncAccounts = (keep: string): void => {
    const choices = overview?.choices;
    const names = (provider: string): string[] => [...new Set([...((provider === 'affise' ? choices?.affiseAccounts : choices?.accounts) ?? []), ...(keep !== '' && providerOf(kind.value) === provider ? [keep] : [])])];
    const providerLabel = (provider: string): string => (provider === 'affise' ? 'Affise' : 'Everflow');
    const own = providerOf(kind.value);
    const dashboard = isDashboard(kind.value);
    const providers = dashboard ? ['everflow', 'affise'] : [own];
    const ownNames = names(own);
    // A new dashboard names its connection when its provider has one: the list shows both providers'.
    const selected = dashboard && keep === '' && ownNames.length === 1 ? (ownNames[0] ?? '') : keep;
    const options = providers.flatMap((provider) => {
      const label = providerLabel(provider);
      const only = provider === own && (!dashboard || selected === '') ? [{ value: accountValue(provider, ''), label: `The only ${label} connection` }] : [];
      return [...only, ...names(provider).map((name) => ({ value: accountValue(provider, name), label: dashboard ? `${name} (${label})` : name }))];
    });
    setOptions(account, options);
    account.value = accountValue(own, selected);
    accountHelp.textContent = isDashboard(kind.value) ? 'The Everflow or Affise connection the dashboard reads.' : `The ${providerLabel(own)} connection the report reads.`;
  };

  /** The chosen Everflow connection is known to hold a network key ("The only Everflow connection" when that one is). */
  const isNetworkAccount = (): boolean => {
    const choices = overview?.choices;
    if (!choices || accountProviderOf(account.value) !== 'everflow') return false;
    const name = accountNameOf(account.value);
    const chosen = name === '' && choices.accounts.length === 1 ? choices.accounts[0] : name;
    return chosen !== undefined && choices.networkAccounts.includes(chosen);
  };

  /**
   * Affiliate IDs and Search show when the kind takes them and its connection can honour them:
   * Affise's affiliates with any key, Everflow's filters with a network key. A field holding a
   * saved value stays shown (`keepFilled`), so opening a report never drops a filter unseen.
   */
  const syncNetworkFields = (keepFilled = false): void => {
    const takes = overview?.choices.fieldsByKind[kind.value] ?? [];
    const network = providerOf(kind.value) === 'affise' || isNetworkAccount();
    for (const [field, input, container] of [
      ['affiliateIds', affiliateIds, affiliatesField],
      ['search', search, searchField],
    ] as const) {
      container.hidden = !takes.includes(field) || (!network && !(keepFilled && input.value.trim() !== ''));
      if (container.hidden) input.value = '';
    }
  };

  const syncKind = (): void => {
    const modes = overview?.choices.modesByKind[kind.value] ?? [];
    setOptions(mode, modes.map((value) => ({ value, label: capitalise(value) })));
    // Only the filters the kind takes: a dashboard shows what is still owed, whatever a status says; Affise has no balance filters.
    const takes = overview?.choices.fieldsByKind[kind.value];
    const hides = (field: string): boolean => takes !== undefined && !takes.includes(field);
    lineTypeField.hidden = hides('lineType');
    if (lineTypeField.hidden) lineType.value = '';
    statusField.hidden = hides('status');
    if (statusField.hidden) status.value = '';
    balanceFields.hidden = hides('minBalance');
    // Affise filters on the invoice's creation date, as its date_from and date_to say.
    const created = providerOf(kind.value) === 'affise';
    if (startLabel) startLabel.textContent = created ? 'Created from' : 'Period from';
    if (endLabel) endLabel.textContent = created ? 'Created to' : 'Period to';
    if (balanceFields.hidden) {
      min.value = '';
      max.value = '';
    }
    // The connection chosen stays chosen while the kind reads its provider.
    syncAccounts(accountProviderOf(account.value) === providerOf(kind.value) ? accountNameOf(account.value) : '');
    syncNetworkFields();
  };

  /** A dashboard's account chooses its kind: the Everflow dashboard or the Affise one. */
  const syncAccountKind = (): void => {
    const provider = accountProviderOf(account.value);
    const wanted = overview?.choices.dashboardKindByProvider[provider];
    if (!isDashboard(kind.value) || wanted === undefined || wanted === kind.value) {
      syncNetworkFields();
      return;
    }
    const chosen = account.value;
    kind.value = wanted;
    syncKind();
    account.value = chosen;
  };

  const syncFrequency = (): void => {
    const chosen = overview?.choices.frequencies.find((candidate) => candidate.value === frequency.value);
    hourField.hidden = !chosen?.needsHour;
    dayField.hidden = !chosen?.needsDay;
  };

  const values = (): ReportForm => ({
    id: idInput.value,
    name: name.value.trim(),
    kind: kind.value,
    status: status.value,
    startDate: start.value,
    endDate: end.value,
    minBalance: min.value,
    maxBalance: max.value,
    lineType: lineType.value,
    affiliateIds: affiliatesField.hidden ? '' : affiliateIds.value.trim(),
    search: searchField.hidden ? '' : search.value.trim(),
    account: accountNameOf(account.value),
    sheet: sheet.value.trim(),
    mode: mode.value,
    frequency: frequency.value,
    hour: hourField.hidden ? '' : hour.value,
    day: dayField.hidden ? '' : day.value,
    enabled: enabled.checked,
  });

  const showCost = (view: ReportCostView | null): void => {
    cost.className = view ? `cost ${view.level}` : 'cost';
    replaceChildren(cost, ...(view ? view.lines.map((line) => h('p', {}, line)) : []));
    cost.hidden = view === null;
  };

  const estimate = (submitted: ReportForm): Promise<ReportCostView> =>
    whileBusy([saveButton, estimateButton, cancelButton], busy, 'Estimating the cost…', () => options.estimate(submitted)).then((view) => {
      showCost(view);
      return view;
    });

  const save = (submitted: ReportForm): void => {
    void whileBusy([saveButton, estimateButton, cancelButton], busy, 'Saving…', () => options.save(submitted))
      .then((next) => options.onSaved(next, submitted))
      .catch((error: unknown) => showServerError(errorMessage(error), saveButton));
  };

  kind.addEventListener('change', syncKind);
  account.addEventListener('change', syncAccountKind);
  frequency.addEventListener('change', syncFrequency);
  for (const { input } of fieldErrors) input.addEventListener('input', () => input.removeAttribute('aria-invalid'));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!validate()) return;
    const submitted = values();
    const key = JSON.stringify(submitted);
    // A new report's cost is checked before it is saved: past a day's quota, the warning shows and a second Save keeps it.
    if (submitted.id !== '' || warnedFor === key) {
      save(submitted);
      return;
    }
    estimate(submitted)
      .then((view) => {
        if (view.level !== 'warning') {
          save(submitted);
          return;
        }
        warnedFor = key;
        showMessage(errorRegion, 'This report needs more than a day of a Google quota (see above). Save again to keep it anyway, or narrow its filters.');
        saveButton.focus();
      })
      // Without an estimate (no key yet, Everflow unreachable) the report is still saved; Estimate cost tries again later.
      .catch(() => save(submitted));
  });
  estimateButton.addEventListener('click', () => {
    if (!validate()) return;
    estimate(values()).catch((error: unknown) => {
      showCost(null);
      showServerError(errorMessage(error), estimateButton);
    });
  });
  cancelButton.addEventListener('click', () => options.onCancel());
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') options.onCancel();
  });

  return {
    show(next: ReportsOverview, report: ReportForm | null, preset?: Partial<ReportForm>): void {
      overview = next;
      const choices = next.choices;
      setOptions(kind, choices.kinds.map((value) => ({ value, label: capitalise(value) })));
      setOptions(status, [{ value: '', label: 'Any' }, ...choices.statuses.map((value) => ({ value, label: capitalise(value) }))]);
      setOptions(lineType, [{ value: '', label: 'Any' }, ...choices.lineTypes.map((value) => ({ value, label: value }))]);
      setOptions(frequency, choices.frequencies.map((choice) => ({ value: choice.value, label: choice.label })));
      setOptions(day, choices.weekdays.map((value) => ({ value, label: capitalise(value) })));
      setOptions(hour, Array.from({ length: 24 }, (_, value) => ({ value: String(value), label: hourLabel(value) })));
      replaceChildren(sheets, ...next.sheets.map((value) => h('option', { attrs: { value } })));
      zone.textContent = `Times are in the spreadsheet's time zone, ${next.timeZone}. Google runs add-on schedules at most once an hour.`;

      const presetKind = preset?.kind;
      const newDashboard = report === null && presetKind !== undefined && isDashboard(presetKind);
      // With Affise connections only, "Add a receivables dashboard" starts as Affise's.
      const kindOfPreset = newDashboard && choices.accounts.length === 0 && choices.affiseAccounts.length > 0 ? choices.dashboardKindByProvider.affise : presetKind;
      const initial = report ?? { ...BLANK, ...preset, ...(kindOfPreset === undefined ? {} : { kind: kindOfPreset }) };
      title.textContent = report ? `Edit "${report.name}"` : newDashboard ? 'New receivables dashboard' : 'New report';
      idInput.value = initial.id;
      name.value = initial.name;
      kind.value = initial.kind;
      account.value = '';
      syncKind();
      syncAccounts(initial.account ?? '');
      status.value = initial.status;
      start.value = initial.startDate;
      end.value = initial.endDate;
      min.value = initial.minBalance;
      max.value = initial.maxBalance;
      lineType.value = initial.lineType;
      affiliateIds.value = initial.affiliateIds ?? '';
      search.value = initial.search ?? '';
      syncNetworkFields(true);
      sheet.value = initial.sheet;
      mode.value = initial.mode;
      frequency.value = initial.frequency;
      day.value = initial.day === '' ? BLANK.day : initial.day;
      hour.value = initial.hour === '' ? BLANK.hour : initial.hour;
      enabled.checked = initial.enabled;
      syncFrequency();
      clearErrors();
      showCost(null);
      warnedFor = null;
      form.hidden = false;
      name.focus();
    },
    hide(): void {
      form.hidden = true;
    },
  };
}
