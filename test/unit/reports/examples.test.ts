import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAffiseReport, parseReportDefinition, REPORT_KINDS, type ReportDefinitionInput } from '../../../src/app/reports/definition';
import { ReportStore } from '../../../src/app/reports/report-store';
import { runReportsNow } from '../../../src/app/reports/run-reports';
import { makeInvoice } from './support/fake-provider';
import { Harness } from './support/harness';

const folder = join(__dirname, '../../../examples/reports');
const examples = readdirSync(folder).filter((file) => file.endsWith('.json'));
const read = (file: string): ReportDefinitionInput => JSON.parse(readFileSync(join(folder, file), 'utf8')) as ReportDefinitionInput;
const everflowExamples = examples.filter((file) => !isAffiseReport(parseReportDefinition(read(file))));

describe('example report files', () => {
  it('cover every kind and mode', () => {
    const definitions = examples.map((file) => parseReportDefinition(read(file)));
    expect(new Set(definitions.map((definition) => definition.kind))).toEqual(new Set(REPORT_KINDS));
    expect(new Set(definitions.map((definition) => definition.mode))).toEqual(new Set(['replace', 'merge', 'history']));
  });

  it.each(examples)('%s is saved and read back as it was (the stored form parses to itself)', (file) => {
    const harness = new Harness();
    const report = harness.save(read(file));
    expect(report.definition).toEqual(parseReportDefinition(read(file)));
    expect(new ReportStore(harness.documentProperties).get(report.definition.id)?.definition).toEqual(report.definition);
  });

  // The Affise ones run on the built bundle against the demo Affise: test/unit/runner/report-cli.test.ts.
  it.each(everflowExamples)('%s runs', (file) => {
    const harness = new Harness();
    for (let id = 1; id <= 3; id += 1) harness.provider.add(makeInvoice(id, { status: id === 1 ? 'paid' : 'unpaid' }));
    const report = harness.save(read(file));
    const run = runReportsNow(harness.deps(), harness.deadline(), [report.definition.id]).runs[0];
    expect(run?.result).toBe('ok');
    expect(harness.spreadsheet.sheetByName(report.definition.sheet)?.values().length).toBeGreaterThan(1);
  });
});
