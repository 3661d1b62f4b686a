/**
 * The contract between the sidebar page and the server: every `google.script.run` target the page
 * calls, with its input and its answer. The page imports these types only; the entry layer types
 * each endpoint against them, so the two cannot drift.
 *
 * Only JSON-like values cross (google.script.run refuses Dates): times arrive as display text
 * already in the spreadsheet's zone. An API key goes to the server (save) and never back.
 */
import type { ParameterInput } from './formula-text';

/** One saved connection as the Connection panel lists it: never its key, only the key's last four characters. */
export interface ConnectionView {
  id: string;
  name: string;
  /** "everflow" or "affise". */
  provider: string;
  /** "Everflow" or "Affise". */
  providerLabel: string;
  /** Everflow: "us" or "eu"; null for Affise. */
  region: string | null;
  /** Affise: the API host; null for Everflow. */
  host: string | null;
  /** "US", "EU", the Affise host, or a development address. */
  endpoint: string;
  /** "••••abcd", or null when the key is missing. */
  maskedKey: string | null;
  /** Everflow: what the last test found ("Network key (network 1)", "Partner (affiliate) key", or not known yet); null for Affise. */
  keyType: string | null;
}

export interface ConnectionsState {
  connections: ConnectionView[];
  /** Why the saved connections cannot be read, with what to do; null when all is well. */
  problem: string | null;
}

/** What a successful test reached, as term/value pairs the panel shows in a list. */
export interface ConnectionCheck {
  connection: ConnectionView;
  /** "Connected to Everflow EU with key ••••abcd." */
  summary: string;
  facts: Array<{ term: string; value: string }>;
}

/** The answer of saving: the list as it now is and the test of the saved connection. */
export interface ConnectionSaved {
  state: ConnectionsState;
  check: ConnectionCheck;
}

/** The connection form: a new connection without `id`, a change to one with it. */
export interface ConnectionInput {
  id?: string;
  provider: string;
  name: string;
  /** Everflow only. */
  region?: string;
  /** Affise only. */
  host?: string;
  /** Empty keeps the saved key (changes only); a new connection needs one. */
  apiKey?: string;
}

export interface FunctionParameterInfo {
  name: string;
  description: string;
  optional: boolean;
  input: ParameterInput;
}

/** A custom function as the Functions and Help panels show it. */
export interface FunctionInfo {
  name: string;
  summary: string;
  /** The result's columns, "A | B | C". */
  returns: string;
  example: string;
  params: FunctionParameterInfo[];
}

export interface SidebarState {
  connections: ConnectionsState;
  functions: FunctionInfo[];
  timeZone: string;
  /** The spreadsheet's locale ("de_DE"): times on the page are written as it writes them. */
  locale: string;
  /** The number formats reports give dates and date-times in that locale ("dd.mm.yyyy", "dd.mm.yyyy hh:mm:ss"). */
  dateFormats: { date: string; dateTime: string };
}

/** A formula as the builder holds it: the function and each argument's text as typed. */
export interface FormulaRequest {
  name: string;
  args: string[];
}

export interface FormulaPreview {
  formula: string;
  columns: string[];
  /** The first rows, each cell as Sheets would display it. */
  rows: string[][];
  /** Data rows in the full result (the header not counted). */
  totalRows: number;
}

export interface FormulaInsertion {
  formula: string;
  /** Where it went, e.g. "Sheet1!B2". */
  cell: string;
}

export interface ReportView {
  id: string;
  name: string;
  kind: string;
  /** "status paid, from 2024-01-01"; "all invoices" when unfiltered. */
  filtersText: string;
  sheet: string;
  mode: string;
  scheduleText: string;
  enabled: boolean;
  lastRun: string | null;
  lastResult: string | null;
  nextRun: string | null;
  lastError: string | null;
  /** "3,000 / 10,000 invoices" while a backfill is under way. */
  progressText: string | null;
  /** The definition as the edit form holds it. */
  form: ReportForm;
}

/** The report form's fields, every value as text (empty when unset). */
export interface ReportForm {
  id: string;
  name: string;
  kind: string;
  status: string;
  startDate: string;
  endDate: string;
  minBalance: string;
  maxBalance: string;
  lineType: string;
  /** The connection's name; empty: the only Everflow connection. Optional for pages from before accounts. */
  account?: string;
  /** An Everflow network key's filters (and Affise's affiliate IDs): one affiliate ID or several separated by commas; Everflow's search text. Optional for pages from before network keys. */
  affiliateIds?: string;
  search?: string;
  sheet: string;
  mode: string;
  frequency: string;
  hour: string;
  day: string;
  enabled: boolean;
}

export interface ReportChoices {
  kinds: string[];
  /** Output modes that apply to each kind. */
  modesByKind: Record<string, string[]>;
  frequencies: Array<{ value: string; label: string; needsHour: boolean; needsDay: boolean }>;
  weekdays: string[];
  statuses: string[];
  lineTypes: string[];
  /** Names of the Everflow connections a report may read. */
  accounts: string[];
  /** Names of the Affise connections a report may read. */
  affiseAccounts: string[];
  /** Names of the Everflow connections known to hold a network key: the form shows them Affiliate IDs and Search. */
  networkAccounts: string[];
  /** The provider each kind reads: "everflow" or "affise" (which connections its Account offers). */
  providerByKind: Record<string, string>;
  /** The form's filter fields ("status", "startDate", …) each kind takes; the others are hidden. */
  fieldsByKind: Record<string, string[]>;
  /** The receivables dashboard's kind per provider: choosing a dashboard's account chooses its kind. */
  dashboardKindByProvider: Record<string, string>;
}

export interface ReportsOverview {
  reports: ReportView[];
  /** Stored reports that cannot be read, each with what to do. */
  problems: string[];
  /** Sheets of the spreadsheet, for the target-sheet suggestions. */
  sheets: string[];
  /** "Hourly trigger installed" or "No schedule: no trigger". */
  triggerText: string;
  choices: ReportChoices;
  timeZone: string;
}

export interface ReportRunView {
  report: ReportView;
  /** ok, partial (a backfill to continue), failed, or skipped (another run holds the lock). */
  outcome: string;
  /** False while a backfill goes on: the page calls again to continue it. */
  complete: boolean;
  /** Invoices synced and matching, while a backfill is under way. */
  done: number | null;
  total: number | null;
  message: string;
}

/** How far a running report has come, asked while its "Run now" call is in flight. */
export interface RunProgressView {
  /** Invoices synced of those matching, so far. */
  done: number;
  total: number;
}

/** What a report will cost in Google's daily quotas, shown in the form before its first run. */
export interface ReportCostView {
  invoices: number;
  requests: number;
  executions: number;
  triggerMinutes: number;
  /** 'warning' when a day's quota will not do (URL fetches or trigger runtime), 'note' past half of one, else 'ok'. */
  level: 'ok' | 'note' | 'warning';
  /** The estimate in sentences, then the warning or note for each quota that needs one. */
  lines: string[];
}

/** One pending change of an editable sheet, in words ("Invoice 123: status waiting → completed"). */
export interface PendingChangeView {
  action: 'update' | 'correction' | 'delete' | 'create';
  text: string;
}

/** What the user confirms: the reviewed plan's count and fingerprint; the apply refuses any other plan. */
export interface ReviewedPlan {
  count: number;
  fingerprint: string;
}

/** "Review changes…" on the active sheet: what would be sent, what will not and why. Sends nothing. */
export interface ChangeReviewView {
  /** The sheet reviewed: apply acts on it even if another sheet is active by then. */
  sheet: string;
  /** The connection the changes go to, and its provider ("Affise"). */
  account: string;
  provider: string;
  changes: PendingChangeView[];
  /** Per action with changes: "1 update", "2 corrections". */
  counts: string[];
  /** Per currency, exact decimal text (a real minus sign): sums of corrections and of new invoices; currency '' with `partner`: one partner's new invoices, whose currency Everflow sets. */
  totals: Array<{ currency: string; corrections: string; creations: string; partner?: string }>;
  /** Rows that will not be sent, with the reason also written in their Apply result. */
  refused: Array<{ row: number; reason: string }>;
  /** Changes of an earlier apply still to finish (applying finishes them first). */
  unfinished: number;
  /** What review found in a sentence or two (nothing pending, an earlier apply to finish, created invoices bound). */
  notes: string[];
  /** "Apply 4 changes", "Finish the earlier apply", or null when there is nothing to send. */
  confirmLabel: string | null;
  /** What the confirmation repeats: the counts and the totals. */
  confirmText: string[];
  plan: ReviewedPlan;
}

/** What became of one change, as its row's Apply result says. */
export interface ChangeResultView {
  /** The change in words. */
  change: string;
  state: 'applied' | 'refused' | 'conflict' | 'awaiting' | 'under-way' | 'queued';
  /** "✓ Applied at …", "✗ Not sent: invoice 123 changed in Affise since the last refresh. …" */
  result: string;
}

export interface ChangeApplyView {
  /** Null when something was applied (or carried on); else why nothing was sent. */
  refusedBecause: string | null;
  /** "3 applied, 1 new invoice awaiting Affise." and what to do next. */
  summary: string;
  finished: boolean;
  results: ChangeResultView[];
  /** The Audit log sheet written now (null before anything was ever logged). */
  auditSheet: string | null;
}

export interface SidebarApi {
  sidebarLoad(): SidebarState;
  sidebarSaveConnection(input: ConnectionInput): ConnectionSaved;
  sidebarTestConnection(input: { id: string }): ConnectionCheck;
  sidebarRemoveConnection(input: { id: string }): ConnectionsState;
  sidebarPreviewFormula(input: FormulaRequest): FormulaPreview;
  sidebarInsertFormula(input: FormulaRequest): FormulaInsertion;
  sidebarListReports(): ReportsOverview;
  sidebarSaveReport(input: ReportForm): ReportsOverview;
  sidebarDeleteReport(input: { id: string }): ReportsOverview;
  sidebarRunReport(input: { id: string }): ReportRunView;
  /** Null when the report is not running (or counts nothing: invoices and summary reports). */
  sidebarRunProgress(input: { id: string }): RunProgressView | null;
  sidebarEstimateReportCost(input: ReportForm): ReportCostView;
  sidebarShowReportSheet(input: { id: string }): { sheet: string };
  /** Reviews the active sheet's editable report; sends nothing. */
  sidebarReviewChanges(): ChangeReviewView;
  /** Applies exactly the reviewed plan of that sheet, or nothing when the sheet changed since review. */
  sidebarApplyChanges(input: { sheet: string; plan: ReviewedPlan }): ChangeApplyView;
  /** Brings the Audit log sheet to the front. */
  sidebarShowAuditLog(): { sheet: string };
}

export type SidebarCallName = keyof SidebarApi;
