import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReportDefinition } from '../../../src/app/reports/definition';
import { runReportsNow } from '../../../src/app/reports/run-reports';
import { makeInvoice } from './support/fake-provider';
import { Harness } from './support/harness';

const folder = join(__dirname, '../../../examples/reports');
const examples = readdirSync(folder).filter((file) => file.endsWith('.json'));

describe('example report files', () => {
  it('cover every kind and mode', () => {
    const definitions = examples.map((file) => parseReportDefinition(JSON.parse(readFileSync(join(folder, file), 'utf8'))));
    expect(new Set(definitions.map((definition) => definition.kind))).toEqual(new Set(['invoices', 'lines', 'payments', 'summary']));
    expect(new Set(definitions.map((definition) => definition.mode))).toEqual(new Set(['replace', 'merge', 'history']));
  });

  it.each(examples)('%s is valid and runs', (file) => {
    const harness = new Harness();
    for (let id = 1; id <= 3; id += 1) harness.provider.add(makeInvoice(id, { status: id === 1 ? 'paid' : 'unpaid' }));
    const report = harness.save(JSON.parse(readFileSync(join(folder, file), 'utf8')));
    const run = runReportsNow(harness.deps(), harness.deadline(), [report.definition.id]).runs[0];
    expect(run?.result).toBe('ok');
    expect(harness.spreadsheet.sheetByName(report.definition.sheet)?.values().length).toBeGreaterThan(1);
  });
});
