import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** npm run apply: the demo end to end (review, apply, apply again), and every wrong argument's message. */
describe('npm run apply', () => {
  const root = path.resolve(__dirname, '../../..');
  const dir = mkdtempSync(path.join(tmpdir(), 'apply-cli-'));
  const file = (name: string, content: unknown): string => {
    const at = path.join(dir, name);
    writeFileSync(at, typeof content === 'string' ? content : JSON.stringify(content));
    return at;
  };
  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'tools/runner/apply-cli.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    return { code: result.status, out: result.stdout, err: result.stderr };
  };
  const report = path.join(root, 'examples/apply/report.json');
  const edits = path.join(root, 'examples/apply/edits.json');

  it('reviews, applies, and sends nothing the second time (json)', () => {
    const { code, out } = run(report, '--edits', edits, '--confirm', '--runs', '2', '--format', 'json');
    expect(code).toBe(0);
    const printed = JSON.parse(out) as { review: { changes: string[]; refused: unknown[] }; applies: Array<{ received: number; finished: boolean }>; audit: string[][] };
    expect(printed.review.changes).toHaveLength(4);
    expect(printed.review.refused).toHaveLength(2);
    expect(printed.applies.map((apply) => [apply.finished, apply.received])).toEqual([
      [true, 4],
      [true, 0],
    ]);
    expect(printed.audit.map((row) => row[7])).toEqual(['applied', 'applied', 'applied', 'accepted (created later)', 'created as invoice 1031']);
  });

  it.each([
    [[report], '--edits <edits.json> is required'],
    [[], 'Give one report file.'],
    [[report, '--edits', edits, '--runs', 'two'], '--runs takes a whole number'],
    [[report, '--edits', edits, '--runs', '0'], '--runs takes at least 1'],
    [[report, '--edits', edits, '--format', 'csv'], '--format takes table or json'],
    [[report, '--edits', edits, '--base-url', 'not a url'], '--base-url is a URL'],
    [[report, '--edits', edits, '--base-url', 'https://api-x.affise.com'], '--base-url needs --api-key.'],
    [[report, '--edits', '/nonexistent/edits.json'], 'Cannot read the edits file /nonexistent/edits.json'],
  ])('refuses %j with a clear message', (args, message) => {
    const { code, err } = run(...args);
    expect(code).toBe(1);
    expect(err).toContain(message);
    expect(err).toContain('usage: npm run apply');
  });

  it('names every bad field of the edits and report files', () => {
    const badEdits = file('bad-edits.json', [{ row: 'x', column: 'Nope', value: 1 }]);
    expect(run(report, '--edits', badEdits).err).toContain('The edits file is not valid: 0.row: row is an invoice id or "new"; 0.column: column is one of Invoice ID');
    const badReport = file('bad-report.json', { filters: { status: 'paid', date_from: '1/1/2026' } });
    expect(run(badReport, '--edits', edits).err).toMatch(/The report file is not valid: filters.date_from: date_from is a date such as 2026-01-01; filters.status: status is one of waiting/);
    expect(run(file('broken.json', '{'), '--edits', edits).err).toContain('Cannot read the report file');
  });
});
