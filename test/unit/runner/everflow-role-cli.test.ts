import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { SharedClock } from '../../../test-support/clock';
import { DEMO_NETWORK_KEY, startFakeEverflow, type FakeEverflowHandle } from '../../../test-support/fake-everflow';

/**
 * `--role` as `npm run report` and `npm run formula` read it: the demo network key on the demo
 * API, or the key type recorded for --base-url/--api-key (no probe), with one message for a wrong
 * value.
 */
const root = path.resolve(__dirname, '../../..');
/** The environment without keys: the runs use only the keys given here. */
const { EFLOW_API_KEY: _eflow, AFFISE_API_KEY: _affise, ...env } = process.env;
const run = (tool: 'report-cli' | 'formula-cli', ...args: string[]) => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, `tools/runner/${tool}.ts`), ...args], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, out: result.stdout, err: result.stderr };
};
const REPORT = path.join(root, 'examples/reports/invoices-replace.json');

interface Printed {
  api: string;
  runs: Array<{ result: string; requests: number }>;
  sheet: unknown[][];
}

let api: FakeEverflowHandle;
beforeAll(async () => {
  api = await startFakeEverflow({ clock: SharedClock.real(), invoiceCount: 3, networkAffiliateIds: [21] });
});
afterAll(async () => {
  await api?.close();
});

describe('npm run report --role', () => {
  it('network on the demo: the demo network key, every partner, the network’s columns, no probe', () => {
    const { code, out, err } = run('report-cli', REPORT, '--role', 'network', '--clock', 'virtual', '--invoices', '3', '--format', 'json');
    expect(err).toBe('');
    expect(code).toBe(0);
    const printed = JSON.parse(out) as Printed;
    expect(printed.api).toContain('network key');
    expect(printed.runs).toMatchObject([{ result: 'ok', requests: 1 }]);
    expect(printed.sheet[0]?.slice(0, 3)).toEqual(['Invoice ID', 'Affiliate ID', 'Affiliate']);
    expect(new Set(printed.sheet.slice(1).map((row) => row[1]))).toEqual(new Set([7, 21, 22, 23]));
  });

  it('with --base-url and --api-key: the type recorded costs no probe; left out, the add-on finds it (403, probe, list)', () => {
    const withRole = JSON.parse(run('report-cli', REPORT, '--base-url', api.baseUrl, '--api-key', DEMO_NETWORK_KEY, '--role', 'network', '--format', 'json').out) as Printed;
    expect(withRole.runs).toMatchObject([{ result: 'ok', requests: 1 }]);
    expect(withRole.api).toBe(`${api.baseUrl} (network key)`);
    const without = JSON.parse(run('report-cli', REPORT, '--base-url', api.baseUrl, '--api-key', DEMO_NETWORK_KEY, '--format', 'json').out) as Printed;
    expect(without.runs).toMatchObject([{ result: 'ok', requests: 3 }]);
    expect(without.sheet).toEqual(withRole.sheet);
  });
});

describe('one --role for both runners', () => {
  it.each([
    ['report-cli', [REPORT, '--role', 'admin'], '--role takes affiliate or network, not "admin"'],
    ['formula-cli', ['=EFLOW_INVOICES()', '--role', 'admin'], '--role takes affiliate or network, not "admin"'],
    ['formula-cli', ['=AFFISE_INVOICES()', '--role', 'network'], '--role is the type of an Everflow key; AFFISE_ formulas take none.'],
    ['formula-cli', ['=EFLOW_INVOICES()', '--role', 'network', '--base-url', 'http://127.0.0.1:9'], '--base-url needs a key: pass --api-key KEY or set EFLOW_API_KEY.'],
  ] as const)('%s %j says what is wrong', (tool, args, message) => {
    const { code, err } = run(tool, ...args);
    expect(code).toBe(1);
    expect(err).toContain(message);
  });

  it('formula --role network on the demo: the demo network key, every partner, the network’s columns', () => {
    const { code, out, err } = run('formula-cli', '=EFLOW_INVOICES("", "", "", "", "", "21, 23")', '--role', 'network', '--format', 'json');
    expect(err).toBe('');
    expect(code).toBe(0);
    const grid = JSON.parse(out) as unknown[][];
    expect(grid[0]?.slice(0, 3)).toEqual(['Invoice ID', 'Affiliate ID', 'Affiliate']);
    expect(new Set(grid.slice(1).map((row) => row[1]))).toEqual(new Set([21, 23]));
  });

  it('formula with --base-url, --api-key and --role network: the network’s columns', () => {
    const { code, out } = run('formula-cli', '=EFLOW_INVOICES()', '--base-url', api.baseUrl, '--api-key', DEMO_NETWORK_KEY, '--role', 'network', '--format', 'json');
    expect(code).toBe(0);
    expect((JSON.parse(out) as unknown[][])[0]?.slice(0, 3)).toEqual(['Invoice ID', 'Affiliate ID', 'Affiliate']);
  });
});
