import { z } from 'zod';
import type { EverflowInvoiceFilters } from '../../model/invoice';
import { ArgumentError } from '../arguments';
import { connectionNameSchema } from '../connections';
import { AFFISE_OWED_STATUSES } from '../tables/affise/receivables';
import { AFFILIATE_IDS, AFFISE_FILTER_PARAMETERS, DATE_FROM, DATE_TO, END_DATE, INVOICE_FILTER_PARAMETERS, LINE_TYPE, MAX_BALANCE, MIN_BALANCE, START_DATE, affiseFiltersFrom, invoiceFiltersFrom, type AffiseInvoiceFilters, type AnyParameter, type ArgumentsOf, type Parameter } from '../parameters';

/**
 * A report: a saved query (kind and filters) written to a sheet in an output mode, on a schedule.
 * The JSON form below is what report files (examples/reports/*.json) and the stored document
 * properties hold; every read goes through these schemas.
 */

export const OUTPUT_MODES = ['replace', 'merge', 'history'] as const;
export type OutputMode = (typeof OUTPUT_MODES)[number];

/**
 * Every kind of report: the filters it takes (the arguments of the functions it mirrors, with
 * their checks against each other) and the output modes that make sense for it (history is an
 * invoice timeline; a summary is recomputed whole). Another provider's reports are more entries.
 */
interface KindSpec {
  params: readonly AnyParameter[];
  check: (filters: never) => unknown;
  modes: readonly OutputMode[];
}

const defineKinds = <const T extends Readonly<Record<string, KindSpec>>>(kinds: T): T => kinds;

const KINDS = defineKinds({
  invoices: { params: INVOICE_FILTER_PARAMETERS, check: invoiceFiltersFrom, modes: ['replace', 'merge', 'history'] },
  lines: { params: [...INVOICE_FILTER_PARAMETERS, LINE_TYPE], check: invoiceFiltersFrom, modes: ['replace', 'merge'] },
  payments: { params: INVOICE_FILTER_PARAMETERS, check: invoiceFiltersFrom, modes: ['replace', 'merge'] },
  summary: { params: INVOICE_FILTER_PARAMETERS, check: invoiceFiltersFrom, modes: ['replace'] },
  /** What is still owed: unpaid invoices only, so no status filter; it owns its sheet, rewriting the cells that changed. */
  dashboard: { params: [START_DATE, END_DATE, MIN_BALANCE, MAX_BALANCE], check: invoiceFiltersFrom, modes: ['replace'] },
  'affise-invoices': { params: AFFISE_FILTER_PARAMETERS, check: affiseFiltersFrom, modes: ['replace', 'merge'] },
  'affise-lines': { params: AFFISE_FILTER_PARAMETERS, check: affiseFiltersFrom, modes: ['replace', 'merge'] },
  'affise-summary': { params: AFFISE_FILTER_PARAMETERS, check: affiseFiltersFrom, modes: ['replace'] },
  /** The dashboard over Affise's receivables: what is owed (waiting, pending, partly paid), so no status filter either. */
  'affise-dashboard': { params: [DATE_FROM, DATE_TO, AFFILIATE_IDS], check: affiseFiltersFrom, modes: ['replace'] },
});

export type ReportKind = keyof typeof KINDS;
export const REPORT_KINDS = Object.keys(KINDS) as ReportKind[];

/** The kinds that read Affise; the others read Everflow. */
export const AFFISE_REPORT_KINDS = ['affise-invoices', 'affise-lines', 'affise-summary', 'affise-dashboard'] as const satisfies readonly ReportKind[];
export type AffiseReportKind = (typeof AFFISE_REPORT_KINDS)[number];

export function isAffiseKind(kind: ReportKind): kind is AffiseReportKind {
  return (AFFISE_REPORT_KINDS as readonly string[]).includes(kind);
}

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

const hourSchema = z.number().int().min(0, 'is an hour from 0 to 23').max(23, 'is an hour from 0 to 23');

/** When a report refreshes, in the spreadsheet's time zone. The add-on's trigger fires hourly. */
export const scheduleSchema = z.discriminatedUnion('frequency', [
  z.object({ frequency: z.literal('none') }).strict(),
  z.object({ frequency: z.literal('hourly') }).strict(),
  z.object({ frequency: z.literal('every-2-hours') }).strict(),
  z.object({ frequency: z.literal('every-4-hours') }).strict(),
  z.object({ frequency: z.literal('every-6-hours') }).strict(),
  z.object({ frequency: z.literal('every-12-hours') }).strict(),
  z.object({ frequency: z.literal('daily'), hour: hourSchema }).strict(),
  z.object({ frequency: z.literal('weekly'), day: z.enum(WEEKDAYS), hour: hourSchema }).strict(),
]);
export type Schedule = z.infer<typeof scheduleSchema>;

/** The filters a report of this kind takes. */
export function filterParametersOf(kind: ReportKind): readonly AnyParameter[] {
  return KINDS[kind].params;
}

/** Every filter of any kind, once each. */
export const REPORT_FILTER_PARAMETERS: readonly AnyParameter[] = [...new Set(REPORT_KINDS.flatMap((kind) => filterParametersOf(kind)))];

/** An argument's message as a schema issue: the path already names the field, so "status: \"x\" is not a status." reads "\"x\" is not a status". */
function issueMessage(error: ArgumentError): string {
  return error.message.replace(`${error.argument}: `, '').replace(/\.$/, '');
}

/** A filter read by its parameter's own parser, its message kept. */
function filterField<T>(param: Parameter<string, T>) {
  return z
    .unknown()
    .transform((value, ctx): T => {
      try {
        return param.parse(value, null);
      } catch (error) {
        if (!(error instanceof ArgumentError)) throw error;
        ctx.addIssue({ code: 'custom', message: issueMessage(error) });
        return z.NEVER;
      }
    })
    .optional();
}

type FilterShape<P extends readonly AnyParameter[]> = { [K in P[number] as K['name']]: ReturnType<typeof filterField<ReturnType<K['parse']>>> };

function filterShape<const P extends readonly AnyParameter[]>(params: P): FilterShape<P> {
  return Object.fromEntries(params.map((param) => [param.name, filterField(param)])) as FilterShape<P>;
}

/**
 * A kind's filters, with the functions' argument names: all optional, each read by its parameter,
 * then checked against each other as the functions do. A filter the kind does not take is refused
 * naming the ones it does.
 */
function filtersSchema<const P extends readonly AnyParameter[]>(kind: ReportKind, params: P, check: (filters: Partial<ArgumentsOf<P>>) => unknown) {
  const takes = params.map((param) => param.name).join(', ');
  return z
    .strictObject(filterShape(params), {
      error: (issue) => (issue.code === 'unrecognized_keys' ? `${issue.keys.map((key) => `"${key}"`).join(', ')}: not a filter of ${kind} reports, which take ${takes}` : undefined),
    })
    .superRefine((filters, ctx) => {
      try {
        // The shape maps each parameter's name to its parser: its output is those arguments.
        check(filters as Partial<ArgumentsOf<P>>);
      } catch (error) {
        if (!(error instanceof ArgumentError)) throw error;
        ctx.addIssue({ code: 'custom', path: [error.argument], message: issueMessage(error) });
      }
    });
}

/** The sync log and the hidden state sheets are the add-on's own. */
export const SYNC_LOG_SHEET = 'Sync log';
export const STATE_SHEET_PREFIX = '_eflow_state_';

const sheetNameSchema = z
  .string()
  .trim()
  .min(1, 'is empty: name the sheet the report writes to')
  .max(100, 'is longer than the 100 characters Sheets allows')
  .refine((name) => name !== SYNC_LOG_SHEET && !name.startsWith(STATE_SHEET_PREFIX), 'is a sheet the add-on keeps for itself');

export const REPORT_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/** What every report has, whatever its kind. */
const definitionFields = {
  id: z.string().regex(REPORT_ID_PATTERN, 'must be 1-40 lower-case letters, digits, "-" or "_", starting with a letter or digit'),
  name: z.string().trim().min(1, 'is empty').max(100, 'is longer than 100 characters'),
  /** The connection it reads, by name; absent: the only connection of its provider. */
  account: connectionNameSchema.optional(),
  sheet: sheetNameSchema,
  mode: z.enum(OUTPUT_MODES),
  schedule: scheduleSchema.default({ frequency: 'none' }),
  enabled: z.boolean().default(true),
  /** E-mail the owner after this many failed runs in a row; 0 never. */
  notifyAfterFailures: z.number().int().min(0).max(100).default(3),
  /** The sheet is edited and its changes applied to the provider (docs/changes.md): Affise invoices, or Everflow invoices with a network key, in merge mode only. */
  editable: z.boolean().optional(),
};

/**
 * One kind's schema, its filters passed in as they are so each kind keeps its own filter types
 * (Affise's status is a list of words, Everflow's one word): a definition narrows by its kind.
 */
function kindSchema<const K extends ReportKind, const P extends readonly AnyParameter[]>(kind: K, { params, check }: { params: P; check: (filters: Partial<ArgumentsOf<P>>) => unknown }) {
  // No filters is every filter left out; TypeScript cannot see that `{}` fits a shape still generic here.
  return z.strictObject({ ...definitionFields, kind: z.literal(kind), filters: filtersSchema(kind, params, check).default({} as never) });
}

export const reportDefinitionSchema = z
  .discriminatedUnion(
    'kind',
    [
      kindSchema('invoices', KINDS.invoices),
      kindSchema('lines', KINDS.lines),
      kindSchema('payments', KINDS.payments),
      kindSchema('summary', KINDS.summary),
      kindSchema('dashboard', KINDS.dashboard),
      kindSchema('affise-invoices', KINDS['affise-invoices']),
      kindSchema('affise-lines', KINDS['affise-lines']),
      kindSchema('affise-summary', KINDS['affise-summary']),
      kindSchema('affise-dashboard', KINDS['affise-dashboard']),
    ],
    {
      error: (issue) => (issue.code === 'invalid_union' ? `is not a kind of report; use ${REPORT_KINDS.map((kind) => `"${kind}"`).join(', ')}` : undefined),
    },
  )
  .superRefine((definition, ctx) => {
    const modes: readonly OutputMode[] = KINDS[definition.kind].modes;
    if (!modes.includes(definition.mode)) {
      ctx.addIssue({
        code: 'custom',
        path: ['mode'],
        message: `"${definition.mode}" does not apply to a ${definition.kind} report; use ${modes.map((mode) => `"${mode}"`).join(' or ')}`,
      });
    }
    if (definition.editable === true && ((definition.kind !== 'affise-invoices' && definition.kind !== 'invoices') || definition.mode !== 'merge')) {
      ctx.addIssue({
        code: 'custom',
        path: ['editable'],
        message: `only an "affise-invoices" report, or an "invoices" report of an Everflow network connection, in "merge" mode can be editable (this one is "${definition.kind}" in "${definition.mode}" mode)`,
      });
    }
  });
export type ReportDefinition = z.infer<typeof reportDefinitionSchema>;
export type AffiseReportDefinition = Extract<ReportDefinition, { kind: AffiseReportKind }>;
export type EverflowReportDefinition = Exclude<ReportDefinition, AffiseReportDefinition>;

export function isAffiseReport(definition: ReportDefinition): definition is AffiseReportDefinition {
  return isAffiseKind(definition.kind);
}
/** A definition as written in a file: defaults may be left out. */
export type ReportDefinitionInput = z.input<typeof reportDefinitionSchema>;

export const progressSchema = z.object({ done: z.number().int().min(0), total: z.number().int().min(0) });
export type Progress = z.infer<typeof progressSchema>;

export const RUN_RESULTS = ['ok', 'partial', 'failed'] as const;
export type RunResult = (typeof RUN_RESULTS)[number];

/** What the add-on records about a report's runs; kept with the definition. */
export const reportStatusSchema = z.object({
  lastRunMs: z.number().nullable().default(null),
  lastResult: z.enum(RUN_RESULTS).nullable().default(null),
  lastSuccessMs: z.number().nullable().default(null),
  nextRunMs: z.number().nullable().default(null),
  /** What went wrong and what to do; null after a successful run. */
  lastError: z.string().nullable().default(null),
  /** Invoices synced of those matching, while a backfill is under way; null when complete. */
  progress: progressSchema.nullable().default(null),
  consecutiveFailures: z.number().int().min(0).default(0),
  /** Who set the schedule: failure notices go there. */
  ownerEmail: z.string().nullable().default(null),
  /** When the failure notice of the current run of failures went out. */
  failureNoticeSentMs: z.number().nullable().default(null),
});
export type ReportStatus = z.infer<typeof reportStatusSchema>;

export const EMPTY_STATUS: ReportStatus = reportStatusSchema.parse({});

export class ReportDefinitionError extends Error {
  override name = 'ReportDefinitionError';
}

/** Every issue as "field: problem", so a person can fix a report file in one go. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    })
    .join('; ');
}

/** Validates a report as read from a file or typed in: throws a message naming every bad field. */
export function parseReportDefinition(input: unknown): ReportDefinition {
  const parsed = reportDefinitionSchema.safeParse(input);
  if (!parsed.success) throw new ReportDefinitionError(`This report is not valid: ${describeIssues(parsed.error)}.`);
  return parsed.data;
}

/** The filters in the provider's terms; a dashboard lists unpaid invoices only (what is still owed). */
export function invoiceFiltersOf(definition: ReportDefinition): EverflowInvoiceFilters {
  if (isAffiseReport(definition)) throw new Error(`A ${definition.kind} report takes Affise's filters: affiseFiltersOf reads them.`);
  const filters = invoiceFiltersFrom(definition.filters);
  return definition.kind === 'dashboard' ? { ...filters, status: 'unpaid' } : filters;
}

/** Affise's filters; a dashboard lists the invoices still owed (Affise's due-date rule, tables/affise/receivables.ts). */
export function affiseFiltersOf(definition: AffiseReportDefinition): AffiseInvoiceFilters {
  const filters = affiseFiltersFrom(definition.filters);
  return definition.kind === 'affise-dashboard' ? { ...filters, statuses: [...AFFISE_OWED_STATUSES] } : filters;
}

/** The kinds that own their sheet as a receivables dashboard, one per provider. */
export const DASHBOARD_KINDS = { everflow: 'dashboard', affise: 'affise-dashboard' } as const satisfies Readonly<Record<string, ReportKind>>;

export function isScheduled(definition: ReportDefinition): boolean {
  return definition.enabled && definition.schedule.frequency !== 'none';
}

/** "3,000 / 10,000 invoices" while a backfill is under way. */
export function progressText(progress: Progress | null): string | null {
  return progress === null ? null : `${progress.done.toLocaleString('en-US')} / ${progress.total.toLocaleString('en-US')} invoices`;
}
