import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { SharedClock } from '../../../test-support/clock';
import { DEMO_AFFISE_KEY, startFakeAffise, type FakeAffiseHandle } from '../../../test-support/fake-affise';

/**
 * `npm run report` with the Affise kinds, spawned as a user runs it on the built bundle: every
 * Affise example file on the demo Affise (its requests as docs/reports.md counts them), a host
 * given by --base-url and --api-key, and the messages of what an Affise report does not take.
 */
const root = path.resolve(__dirname, '../../..');
/** The environment without keys: the runs use only the keys given here. */
const { EFLOW_API_KEY: _eflow, AFFISE_API_KEY: _affise, ...env } = process.env;
const run = (...args: string[]) => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'tools/runner/report-cli.ts'), ...args], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, out: result.stdout, err: result.stderr };
};
const example = (name: string): string => path.join(root, 'examples/reports', name);

interface Printed {
  api: string;
  runs: Array<{ result: string; requests: number; rateLimited: number; rowsWritten: number; changedBefore: number | null }>;
  sheet: unknown[][];
}

const INVOICES = 250;
/** Affise's codes of waiting, partly paid and pending: the invoices still owed. */
const OWED_CODES = [1, 3, 4];
let api: FakeAffiseHandle;
/** Owed invoices of the demo Affise with INVOICES invoices (the same seeded data the runner's demo starts with). */
let owed: number;

beforeAll(async () => {
  api = await startFakeAffise({ clock: SharedClock.real(), paymentCount: INVOICES });
  owed = (await api.payments()).filter((payment) => OWED_CODES.includes(payment.status)).length;
});
afterAll(async () => {
  await api?.close();
});

const onDemo = (file: string): Printed => {
  const { code, out, err } = run(example(file), '--clock', 'virtual', '--invoices', String(INVOICES), '--runs', '2', '--change-fraction', '0.02', '--format', 'json');
  expect(err).toBe('');
  expect(code).toBe(0);
  return JSON.parse(out) as Printed;
};

describe('npm run report with an Affise report, on the demo Affise', () => {
  it('affise-invoices (merge, owed statuses): the owed invoices, one list page per 100 and the affiliate names; 5 changed before the second run', () => {
    const printed = onDemo('affise-invoices-merge.json');
    expect(printed.api).toBe(`demo Affise API, ${INVOICES} invoices; 2% changed before each run after the first`);
    expect(printed.runs).toMatchObject([
      { result: 'ok', requests: Math.ceil(owed / 100) + 1, rateLimited: 0, rowsWritten: owed, changedBefore: null },
      { result: 'ok', rateLimited: 0, changedBefore: 5 },
    ]);
    expect(printed.sheet[0]?.slice(0, 4)).toEqual(['Invoice ID', 'Affiliate ID', 'Affiliate', 'Status']);
    expect(printed.sheet).toHaveLength(owed + 1);
  });

  it('affise-summary: the whole list every run, rows per currency and status', () => {
    const printed = onDemo('affise-summary.json');
    expect(printed.runs.map((line) => [line.result, line.requests])).toEqual([
      ['ok', Math.ceil(INVOICES / 100)],
      ['ok', Math.ceil(INVOICES / 100)],
    ]);
    expect(printed.sheet[0]).toEqual(['Currency', 'Status', 'Invoices', 'Amount', 'Corrections', 'Total']);
  });

  it('affise-dashboard: the owed invoices’ list only, every run', () => {
    const printed = onDemo('affise-dashboard.json');
    expect(printed.runs.map((line) => [line.result, line.requests])).toEqual([
      ['ok', Math.ceil(owed / 100)],
      ['ok', Math.ceil(owed / 100)],
    ]);
    expect(printed.sheet[0]?.[0]).toBe('Receivables dashboard');
  });

  it('affise-lines (replace): an offer line per row', () => {
    const printed = onDemo('affise-lines-replace.json');
    expect(printed.runs.map((line) => line.result)).toEqual(['ok', 'ok']);
    expect(printed.sheet[0]?.slice(0, 4)).toEqual(['Invoice ID', 'Type', 'Offer ID', 'Offer']);
  });
});

describe('npm run report with an Affise report elsewhere', () => {
  it('reads the host of --base-url with --api-key, printing requests and 429s in the table', () => {
    const { code, out, err } = run(example('affise-summary.json'), '--base-url', api.baseUrl, '--api-key', DEMO_AFFISE_KEY);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain(`${api.baseUrl}; real clock`);
    expect(out).toMatch(/Requests \| 429s/);
    expect(out).toMatch(new RegExp(`\\| ok +\\| ${Math.ceil(INVOICES / 100)} +\\| 0 +\\|`));
    expect(out).toContain('Currency | Status');
  });

  it.each([
    [['--role', 'network'], '--role is the type of an Everflow key; affise-summary reports take none.'],
    [['--base-url', 'http://127.0.0.1:9'], '--base-url needs a key: pass --api-key KEY or set AFFISE_API_KEY.'],
  ])('%j says what is wrong', (args, message) => {
    const { code, err } = run(example('affise-summary.json'), ...args);
    expect(code).toBe(1);
    expect(err).toContain(message);
  });
});
