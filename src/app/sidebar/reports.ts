import { z } from 'zod';
import { Deadline } from '../../ports/clock';
import type { ZoneRules } from '../../ports/time-zone';
import { wallClockText } from '../../sheet/date-formats';
import {
  DASHBOARD_KINDS,
  OUTPUT_MODES,
  REPORT_FILTER_PARAMETERS,
  isAffiseKind,
  REPORT_KINDS,
  filterParametersOf,
  reportDefinitionSchema,
  STATE_SHEET_PREFIX,
  SYNC_LOG_SHEET,
  WEEKDAYS,
  isScheduled,
  progressText,
  type Progress,
  type ReportDefinition,
  type ReportKind,
  type Schedule,
} from '../reports/definition';
import { AFFILIATE_IDS, DATE_FROM, DATE_TO, END_DATE, LINE_TYPE, MAX_BALANCE, MIN_BALANCE, SEARCH, START_DATE, STATUS, type AnyParameter } from '../parameters';
import { newReportId, removeReport, saveReport } from '../reports/manage-reports';
import { ReportStore, type StoredReport } from '../reports/report-store';
import { reportAdminDeps, reportsDeps, type ReportsPlatform } from '../reports/reports-services';
import { MIN_TIME_TO_START_MS, runReportsNow } from '../reports/run-reports';
import { RunProgressStore } from '../reports/run-progress';
import { runSummaryText } from '../reports/run-summary-text';
import { describeSchedule } from '../reports/schedule';
import { REPORTS_TRIGGER_HANDLER } from '../reports/trigger-manager';
import { ConnectionStore, type Connection, type ProviderName } from '../connections';
import type { AppServices, Call } from '../services';
import type { ReportChoices, ReportForm, ReportRunView, ReportsOverview, ReportView, RunProgressView } from './api';
import { LINE_TYPE_CHOICES, STATUS_CHOICES } from './formula-text';
import { parseSidebarInput, SidebarInputError } from './input';

/** What the sidebar's report calls need beyond the app's services. */
export interface SidebarReportsContext {
  platform: ReportsPlatform;
  /** The spreadsheet's sheet names, in tab order. */
  sheetNames: () => string[];
  /** The user saving a report receives its failure notices. */
  userEmail: () => string | null;
}

/**
 * One "Run now" call works this long, then answers with the backfill's progress and the page calls
 * again: the progress bar moves on a large backfill, and no call nears the 6-minute limit.
 */
export const RUN_SLICE_MS = MIN_TIME_TO_START_MS + 75_000;

const FREQUENCIES: ReportChoices['frequencies'] = [
  { value: 'none', label: 'Only when I run it', needsHour: false, needsDay: false },
  { value: 'hourly', label: 'Every hour', needsHour: false, needsDay: false },
  { value: 'every-2-hours', label: 'Every 2 hours', needsHour: false, needsDay: false },
  { value: 'every-4-hours', label: 'Every 4 hours', needsHour: false, needsDay: false },
  { value: 'every-6-hours', label: 'Every 6 hours', needsHour: false, needsDay: false },
  { value: 'every-12-hours', label: 'Every 12 hours', needsHour: false, needsDay: false },
  { value: 'daily', label: 'Daily', needsHour: true, needsDay: false },
  { value: 'weekly', label: 'Weekly', needsHour: true, needsDay: true },
];

/** The report form's filter fields, each filled from and into its parameter. */
const FILTER_FIELDS = [
  ['status', STATUS],
  ['startDate', START_DATE],
  ['endDate', END_DATE],
  // Affise's dates (the invoice's creation) fill the same two fields.
  ['startDate', DATE_FROM],
  ['endDate', DATE_TO],
  ['minBalance', MIN_BALANCE],
  ['maxBalance', MAX_BALANCE],
  ['lineType', LINE_TYPE],
  // An Everflow network key's filters (Affise takes affiliate IDs from any key).
  ['affiliateIds', AFFILIATE_IDS],
  ['search', SEARCH],
] as const satisfies ReadonlyArray<readonly [keyof ReportForm, AnyParameter]>;
type FilterField = (typeof FILTER_FIELDS)[number][0];

/** Which output modes the form offers for each kind: the ones the definition schema accepts. */
function modesByKind(): Record<string, string[]> {
  const accepted = (kind: string, mode: string): boolean =>
    reportDefinitionSchema.safeParse({ id: 'x', name: 'x', kind, sheet: 'x', mode }).success;
  return Object.fromEntries(REPORT_KINDS.map((kind) => [kind, OUTPUT_MODES.filter((mode) => accepted(kind, mode))]));
}

const CHOICES: Omit<ReportChoices, 'accounts' | 'affiseAccounts' | 'networkAccounts'> = {
  kinds: [...REPORT_KINDS],
  modesByKind: modesByKind(),
  providerByKind: Object.fromEntries(REPORT_KINDS.map((kind) => [kind, isAffiseKind(kind) ? 'affise' : 'everflow'])),
  fieldsByKind: Object.fromEntries(REPORT_KINDS.map((kind) => [kind, [...new Set(FILTER_FIELDS.filter(([, param]) => filterParametersOf(kind).includes(param)).map(([field]) => field))]])),
  dashboardKindByProvider: { ...DASHBOARD_KINDS },
  frequencies: FREQUENCIES,
  weekdays: [...WEEKDAYS],
  statuses: [...STATUS_CHOICES],
  lineTypes: [...LINE_TYPE_CHOICES],
};

const text = (max: number) => z.string('must be text').max(max, `is longer than ${max} characters`);

export const reportFormSchema = z
  .object({
    id: text(40),
    name: text(100),
    kind: text(20),
    status: text(20),
    startDate: text(10),
    endDate: text(10),
    minBalance: text(40),
    maxBalance: text(40),
    lineType: text(20),
    /** Optional so a page from before accounts still saves. */
    account: text(40).optional(),
    /** Optional so a page from before network keys still saves (the report keeps what it had). The parameters check the text. */
    affiliateIds: text(5000).optional(),
    search: text(1000).optional(),
    sheet: text(100),
    mode: text(20),
    frequency: text(20),
    hour: text(2).regex(/^\d{0,2}$/, 'must be an hour from 0 to 23'),
    day: text(10),
    enabled: z.boolean('must be true or false'),
  })
  .strict();

/** The definition's fields as the form labels them, for messages. */
export const FORM_LABELS: Readonly<Record<string, string>> = {
  id: 'Report',
  name: 'Name',
  kind: 'Kind',
  account: 'Account',
  // The form's own fields for the filters its schema checks as text first.
  affiliateIds: AFFILIATE_IDS.label,
  search: SEARCH.label,
  ...Object.fromEntries(REPORT_FILTER_PARAMETERS.map((param) => [`filters.${param.name}`, param.label])),
  sheet: 'Target sheet',
  mode: 'Mode',
  schedule: 'Schedule',
  'schedule.frequency': 'Refresh',
  'schedule.hour': 'Hour',
  'schedule.day': 'Day',
  enabled: 'Enabled',
};

const capitalise = (value: string): string => `${value.charAt(0).toUpperCase()}${value.slice(1)}`;

/** How the sidebar writes a moment: in the spreadsheet's zone, as its locale writes dates ("21.11.2026 14:00" in de_DE). */
interface TimeStyle {
  timeZone: string;
  locale: string;
  zones: ZoneRules;
}

const timeStyleOf = (services: AppServices): TimeStyle => ({ timeZone: services.spreadsheetTimeZone(), locale: services.spreadsheetLocale(), zones: services.zones });

function formatInstant(epochMs: number | null, style: TimeStyle): string | null {
  return epochMs === null ? null : wallClockText(style.zones.wallClockAt(epochMs, style.timeZone), style.locale, 'minute');
}

function filtersText(definition: ReportDefinition): string {
  const filters: Readonly<Record<string, unknown>> = definition.filters;
  const parts = filterParametersOf(definition.kind).flatMap((param) => {
    const value = filters[param.name];
    return value == null || param.filterText === undefined ? [] : [param.filterText(value)];
  });
  // A dashboard lists what is still owed whatever its filters say of status.
  const owed = (Object.values(DASHBOARD_KINDS) as string[]).includes(definition.kind);
  const what = parts.length === 0 ? (owed ? 'What is owed' : 'All invoices') : `${capitalise(parts.join(', '))}${owed ? ', what is owed' : ''}`;
  return definition.account === undefined ? what : `${what} (account ${definition.account})`;
}

/** A filter's value as the form's text field holds it: a list of affiliate IDs as "21, 22". */
const filterText = (value: unknown): string => (Array.isArray(value) ? value.join(', ') : String(value));

function formOf(definition: ReportDefinition): ReportForm {
  const { schedule } = definition;
  const filters: Readonly<Record<string, unknown>> = definition.filters;
  const filterFields = Object.fromEntries(FILTER_FIELDS.map(([field]) => [field, ''])) as Record<FilterField, string>;
  for (const [field, param] of FILTER_FIELDS) if (filters[param.name] != null) filterFields[field] = filterText(filters[param.name]);
  return {
    id: definition.id,
    name: definition.name,
    kind: definition.kind,
    ...filterFields,
    account: definition.account ?? '',
    sheet: definition.sheet,
    mode: definition.mode,
    frequency: schedule.frequency,
    hour: 'hour' in schedule ? String(schedule.hour) : '',
    day: 'day' in schedule ? schedule.day : '',
    enabled: definition.enabled,
  };
}

export function reportView(report: StoredReport, style: TimeStyle): ReportView {
  const { definition, status } = report;
  return {
    id: definition.id,
    name: definition.name,
    kind: capitalise(definition.kind),
    filtersText: filtersText(definition),
    sheet: definition.sheet,
    mode: capitalise(definition.mode),
    scheduleText: describeSchedule(definition.schedule),
    enabled: definition.enabled,
    lastRun: formatInstant(status.lastRunMs, style),
    lastResult: status.lastResult,
    nextRun: isScheduled(definition) ? formatInstant(status.nextRunMs, style) : null,
    lastError: status.lastError,
    progressText: progressText(status.progress),
    form: formOf(definition),
  };
}

export function reportsOverview(services: AppServices, context: SidebarReportsContext): ReportsOverview {
  const timeZone = services.spreadsheetTimeZone();
  const listing = new ReportStore(services.documentProperties).list();
  const installed = context.platform.triggers.listTimeTriggers().some((trigger) => trigger.handler === REPORTS_TRIGGER_HANDLER);
  const scheduled = listing.reports.some((report) => isScheduled(report.definition));
  const triggerText =
    installed ? 'The hourly trigger is installed: scheduled reports refresh when due.'
    : scheduled ? 'A report has a schedule but the hourly trigger is missing: save the report again to install it.'
    : 'No report has a schedule, so no trigger is installed.';
  return {
    reports: listing.reports.map((report) => reportView(report, timeStyleOf(services))),
    problems: listing.problems.map((problem) => problem.message),
    sheets: context.sheetNames().filter((name) => name !== SYNC_LOG_SHEET && !name.startsWith(STATE_SHEET_PREFIX)),
    triggerText,
    choices: { ...CHOICES, accounts: accountNames(services, 'everflow'), affiseAccounts: accountNames(services, 'affise'), networkAccounts: networkAccountNames(services) },
    timeZone,
  };
}

/** The saved connections; none when they cannot be read (the Connection panel says why). */
function savedConnections(services: AppServices): Connection[] {
  try {
    return new ConnectionStore(services.userProperties).list();
  } catch {
    return [];
  }
}

/** The names a report's Account field offers. */
function accountNames(services: AppServices, provider: ProviderName): string[] {
  return savedConnections(services)
    .filter((connection) => connection.provider === provider)
    .map((connection) => connection.name);
}

/** The Everflow connections known to hold a network key (the form shows them the network's filters). */
function networkAccountNames(services: AppServices): string[] {
  return savedConnections(services).flatMap((connection) => (connection.provider === 'everflow' && connection.role === 'network' ? [connection.name] : []));
}

/** Filters only an Everflow network key honours: what they are, and whether a report's filters hold one. */
const NETWORK_ONLY_FILTERS: ReadonlyArray<{ label: string; holds: (filters: Readonly<Record<string, unknown>>) => boolean }> = [
  { label: AFFILIATE_IDS.label, holds: (filters) => filters[AFFILIATE_IDS.name] != null },
  { label: SEARCH.label, holds: (filters) => filters[SEARCH.name] != null },
  { label: STATUS.label, holds: (filters) => filters[STATUS.name] === 'deleted' },
];

/**
 * An Everflow report whose connection is known to hold a partner key cannot filter on what only a
 * network sees: refused when saved, not at its first run. An untested key passes (its run finds out).
 */
function refusePartnerKeyFilters(services: AppServices, definition: ReportDefinition): void {
  if (isAffiseKind(definition.kind)) return;
  const everflow = savedConnections(services).filter((connection) => connection.provider === 'everflow');
  const connection = definition.account === undefined ? (everflow.length === 1 ? everflow[0] : undefined) : everflow.find((candidate) => candidate.name === definition.account);
  if (connection?.provider !== 'everflow' || connection.role !== 'affiliate') return;
  const filters: Readonly<Record<string, unknown>> = definition.filters;
  const refused = NETWORK_ONLY_FILTERS.filter((filter) => filter.holds(filters)).map((filter) => (filter.label === STATUS.label ? `${filter.label} "deleted"` : filter.label));
  if (refused.length === 0) return;
  throw new SidebarInputError(
    `${refused.join(', ')}: only an Everflow network key filters on ${refused.length === 1 ? 'this' : 'these'}, and the connection "${connection.name}" holds a partner (affiliate) key, which sees its own invoices only. ` +
      `Leave ${refused.length === 1 ? 'it' : 'them'} empty, or choose a network key's connection in Account.`,
  );
}

/** A page without the Account field keeps the report's account; an empty field means the only connection. */
function accountOf(form: ReportForm, existing: StoredReport | null): { account?: string } {
  const account = form.account ?? existing?.definition.account;
  return account === undefined || account.trim() === '' ? {} : { account };
}

function scheduleOf(form: ReportForm): Schedule | Record<string, unknown> {
  if ((form.frequency === 'daily' || form.frequency === 'weekly') && form.hour === '') throw new SidebarInputError('Hour: choose the hour the report runs at.');
  if (form.frequency === 'weekly' && form.day === '') throw new SidebarInputError('Day: choose the day of the week the report runs on.');
  const hour = form.hour === '' ? undefined : Number(form.hour);
  if (form.frequency === 'daily') return { frequency: 'daily', hour };
  if (form.frequency === 'weekly') return { frequency: 'weekly', day: form.day, hour };
  return { frequency: form.frequency };
}

/** The form as a report definition, validated with the report schema; messages use the form's labels. */
export function definitionOf(form: ReportForm, existing: StoredReport | null, takenIds: readonly string[]): ReportDefinition {
  const filters: Record<string, string> = {};
  const setIf = (key: string, value: string): void => {
    if (value.trim() !== '') filters[key] = value.trim();
  };
  // Only the filters the kind takes: a line type left in a hidden field does not refuse an invoices report.
  const takes = (REPORT_KINDS as readonly string[]).includes(form.kind) ? filterParametersOf(form.kind as ReportKind) : REPORT_FILTER_PARAMETERS;
  const kept: Readonly<Record<string, unknown>> = existing?.definition.filters ?? {};
  for (const [field, param] of FILTER_FIELDS) {
    if (!takes.includes(param)) continue;
    // A page without the field (from before it) keeps the report's filter.
    const value = form[field] ?? (kept[param.name] == null ? '' : filterText(kept[param.name]));
    setIf(param.name, value);
  }
  // Checked by the schema below: the form's text goes in as typed.
  const input: Record<string, unknown> = {
    id: existing?.definition.id ?? newReportId(form.name, takenIds),
    name: form.name,
    kind: form.kind,
    ...accountOf(form, existing),
    filters,
    sheet: form.sheet,
    mode: form.mode,
    schedule: scheduleOf(form),
    enabled: form.enabled,
    notifyAfterFailures: existing?.definition.notifyAfterFailures,
  };
  return parseSidebarInput(reportDefinitionSchema, input, FORM_LABELS);
}

/** Creates (empty id) or changes a report, then installs or removes the hourly trigger as schedules need. */
export function saveReportFromForm(call: Call, context: SidebarReportsContext, input: unknown): ReportsOverview {
  const form = parseSidebarInput(reportFormSchema, input, FORM_LABELS);
  const store = new ReportStore(call.services.documentProperties);
  const reports = store.list().reports;
  const existing = form.id === '' ? null : (reports.find((report) => report.definition.id === form.id) ?? null);
  if (form.id !== '' && existing === null) throw new SidebarInputError('This report no longer exists: someone removed it. Reload the list.');
  const definition = definitionOf(
    form,
    existing,
    reports.map((report) => report.definition.id),
  );
  refusePartnerKeyFilters(call.services, definition);
  saveReport(reportAdminDeps(call.services, context.platform), definition, context.userEmail());
  return reportsOverview(call.services, context);
}

const reportIdSchema = z.object({ id: text(40).min(1, 'is missing') }).strict();

export function deleteReport(call: Call, context: SidebarReportsContext, input: unknown): ReportsOverview {
  const { id } = parseSidebarInput(reportIdSchema, input, { id: 'Report' });
  removeReport(reportAdminDeps(call.services, context.platform), id);
  return reportsOverview(call.services, context);
}

/** Runs one report for at most RUN_SLICE_MS; a backfill that needs longer answers incomplete and the page calls again. */
export function runReportSlice(call: Call, context: SidebarReportsContext, input: unknown): ReportRunView {
  const { id } = parseSidebarInput(reportIdSchema, input, { id: 'Report' });
  const { services } = call;
  const slice = new Deadline(services.clock, Math.min(call.deadline.atMs, services.clock.now() + RUN_SLICE_MS));
  const counts = new RunProgressStore(services.documentCache, services.clock);
  const deps = { ...reportsDeps(services, context.platform), onProgress: (reportId: string, progress: Progress) => counts.record(reportId, progress) };
  const summary = runReportsNow(deps, slice, [id]);
  // The answer carries the count from here on; a late question gets null, not a stale count. A
  // call that found another run holding the lock leaves that run's count alone.
  if (!summary.lockBusy) counts.clear(id);
  const stored = new ReportStore(services.documentProperties).get(id);
  if (stored === null) throw new SidebarInputError(runSummaryText(summary));
  const outcome = summary.lockBusy ? 'skipped' : (summary.runs[0]?.result ?? 'skipped');
  const progress = stored.status.progress;
  return {
    report: reportView(stored, timeStyleOf(services)),
    outcome,
    complete: outcome !== 'partial',
    done: progress?.done ?? null,
    total: progress?.total ?? null,
    message: runSummaryText(summary),
  };
}

/** The count a running report recorded last (sidebarRunProgress), asked while its run call is in flight. */
export function runProgress(call: Call, input: unknown): RunProgressView | null {
  const { id } = parseSidebarInput(reportIdSchema, input, { id: 'Report' });
  const record = new RunProgressStore(call.services.documentCache, call.services.clock).read(id);
  return record === null ? null : { done: record.done, total: record.total };
}

/** Brings a report's sheet to the front (the link a finished run ends with). */
export function showReportSheet(call: Call, context: SidebarReportsContext, input: unknown): { sheet: string } {
  const { id } = parseSidebarInput(reportIdSchema, input, { id: 'Report' });
  const stored = new ReportStore(call.services.documentProperties).get(id);
  if (stored === null) throw new SidebarInputError('This report no longer exists. Reload the list.');
  const { sheet } = stored.definition;
  if (!context.platform.spreadsheet.showSheet(sheet)) throw new SidebarInputError(`The sheet "${sheet}" is not there: the report writes it on its next run.`);
  return { sheet };
}
