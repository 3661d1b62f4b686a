import { RATE_LIMITS } from '../../provider/everflow/rate-pacer';
import { MAX_PAGE_SIZE } from '../../provider/affise/query';
import { openAffiseReportSource } from '../affise/access';
import { affiseQueryOf } from '../affise/source';
import { openProvider } from '../invoice-access';
import { estimateReportCost, type CostModel } from '../reports/cost-estimate';
import { affiseFiltersOf, invoiceFiltersOf, isAffiseReport } from '../reports/definition';
import { ReportStore } from '../reports/report-store';
import { WRITE_RESERVE_MS } from '../reports/refresh';
import type { Call } from '../services';
import type { ReportCostView } from './api';
import { parseSidebarInput } from './input';
import { definitionOf, FORM_LABELS, reportFormSchema } from './reports';

/** Everflow's list page (the client asks for its largest, 2,000) and an affiliate key's steady rate. */
const LIST_PAGE_SIZE = 2000;
/** Reading the report's sheet and writing its rows, per execution: a guess, kept on the high side. */
const SHEET_WORK_MS = 15_000;

export function reportCostModel(executionBudgetMs: number, listPageSize = LIST_PAGE_SIZE): CostModel {
  return {
    listPageSize,
    requestsPerSecond: RATE_LIMITS.affiliate.perSecond,
    executionBudgetMs,
    writeReserveMs: WRITE_RESERVE_MS,
    sheetWorkMs: SHEET_WORK_MS,
  };
}

/**
 * The report form's cost in Google's daily quotas: the form is checked as Save checks it, then one
 * request (a page of one invoice) tells how many invoices match its filters.
 */
export function estimateReportCostFromForm(call: Call, input: unknown, executionBudgetMs: number): ReportCostView {
  const form = parseSidebarInput(reportFormSchema, input, FORM_LABELS);
  const reports = new ReportStore(call.services.documentProperties).list().reports;
  const existing = reports.find((report) => report.definition.id === form.id) ?? null;
  const definition = definitionOf(
    form,
    existing,
    reports.map((report) => report.definition.id),
  );
  // Affise lists 100 invoices a request, lines included: its reports cost list pages only.
  const account = definition.account ?? null;
  const invoices = isAffiseReport(definition)
    ? openAffiseReportSource(call.services, account).countPayments(affiseQueryOf(affiseFiltersOf(definition), call.services.clock.now()), call.deadline)
    : openProvider(call.services, account).countInvoices(invoiceFiltersOf(definition), call.deadline);
  const model = reportCostModel(executionBudgetMs, isAffiseReport(definition) ? MAX_PAGE_SIZE : LIST_PAGE_SIZE);
  const estimate = estimateReportCost({ kind: definition.kind, schedule: definition.schedule, invoices }, model);
  const levels = [estimate.urlFetches.level, estimate.triggerRuntime.level];
  return {
    invoices: estimate.invoices,
    requests: estimate.requests,
    executions: estimate.executions,
    triggerMinutes: Math.ceil(estimate.triggerMinutes),
    level: levels.includes('warning') ? 'warning' : levels.includes('note') ? 'note' : 'ok',
    lines: estimate.lines,
  };
}
