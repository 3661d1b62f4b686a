import { z } from 'zod';
import type { PropertiesPort } from '../../ports/properties';
import {
  describeIssues,
  reportDefinitionSchema,
  reportStatusSchema,
  type ReportDefinition,
  type ReportStatus,
} from './definition';

/** One document property per report: `report.<id>` holds `{definition, status}` as JSON. */
const PROPERTY_PREFIX = 'report.';
/** Apps Script refuses property values over 9 KB; keep a margin under it. */
export const MAX_PROPERTY_BYTES = 9_000;
/** Errors are kept short enough that a report always fits its property. */
export const MAX_ERROR_CHARS = 1_000;

const storedReportSchema = z.object({ definition: reportDefinitionSchema, status: reportStatusSchema });

export interface StoredReport {
  definition: ReportDefinition;
  status: ReportStatus;
}

/** A stored report that cannot be read: shown to the user, never dropped silently. */
export interface StoredReportProblem {
  id: string;
  property: string;
  message: string;
}

export interface ReportListing {
  /** Sorted by name. */
  reports: StoredReport[];
  problems: StoredReportProblem[];
}

export class ReportStoreError extends Error {
  override name = 'ReportStoreError';
}

export const reportProperty = (id: string): string => `${PROPERTY_PREFIX}${id}`;

/** The reports of this document, in its document properties, validated on every read. */
export class ReportStore {
  constructor(private readonly properties: PropertiesPort) {}

  list(): ReportListing {
    const reports: StoredReport[] = [];
    const problems: StoredReportProblem[] = [];
    for (const property of this.properties.keys()) {
      if (!property.startsWith(PROPERTY_PREFIX)) continue;
      const read = this.read(property);
      if ('problem' in read) problems.push(read.problem);
      else reports.push(read.report);
    }
    reports.sort((a, b) => a.definition.name.localeCompare(b.definition.name) || a.definition.id.localeCompare(b.definition.id));
    return { reports, problems };
  }

  /** The report, null when there is none; throws when it is stored but unreadable. */
  get(id: string): StoredReport | null {
    const property = reportProperty(id);
    if (this.properties.get(property) === null) return null;
    const read = this.read(property);
    if ('problem' in read) throw new ReportStoreError(read.problem.message);
    return read.report;
  }

  put(report: StoredReport): void {
    const status = { ...report.status, lastError: clip(report.status.lastError, MAX_ERROR_CHARS) };
    const json = JSON.stringify(storedReportSchema.parse({ definition: report.definition, status }));
    const bytes = utf8Length(json);
    if (bytes > MAX_PROPERTY_BYTES) {
      throw new ReportStoreError(
        `Report "${report.definition.name}" takes ${bytes.toLocaleString('en-US')} bytes; a report may take at most ${MAX_PROPERTY_BYTES.toLocaleString('en-US')}. Shorten its name or sheet name.`,
      );
    }
    this.properties.set(reportProperty(report.definition.id), json);
  }

  remove(id: string): void {
    this.properties.delete(reportProperty(id));
  }

  private read(property: string): { report: StoredReport } | { problem: StoredReportProblem } {
    const id = property.slice(PROPERTY_PREFIX.length);
    const problem = (what: string): { problem: StoredReportProblem } => ({
      problem: { id, property, message: `The saved report "${id}" cannot be read (${what}). Open it and save it again, or remove it.` },
    });
    let json: unknown;
    try {
      json = JSON.parse(this.properties.get(property) ?? '');
    } catch {
      return problem('it is not valid JSON');
    }
    const parsed = storedReportSchema.safeParse(json);
    if (!parsed.success) return problem(describeIssues(parsed.error));
    if (parsed.data.definition.id !== id) return problem(`it is stored under "${id}" but names itself "${parsed.data.definition.id}"`);
    return { report: parsed.data };
  }
}

function clip(text: string | null, maxChars: number): string | null {
  return text !== null && text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}

/** Bytes of the text in UTF-8, the unit of the property limit (Apps Script has no TextEncoder). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const character of text) {
    const codePoint = character.codePointAt(0) ?? 0;
    bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }
  return bytes;
}
