import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SharedClock } from '../../../test-support/clock';
import { AFFISE_QUIRKS_OFF, DEMO_AFFISE_KEY, startFakeAffise, type FakeAffiseHandle } from '../../../test-support/fake-affise';

/**
 * npm run apply: the built bundle in the emulator, reviewing and applying as a user does, on the
 * demo (table and json; the second run sends nothing) and on another Affise-compatible host; and
 * every wrong argument's message.
 */
describe('npm run apply', () => {
  const root = path.resolve(__dirname, '../../..');
  const dir = mkdtempSync(path.join(tmpdir(), 'apply-cli-'));
  const file = (name: string, content: unknown): string => {
    const at = path.join(dir, name);
    writeFileSync(at, typeof content === 'string' ? content : JSON.stringify(content));
    return at;
  };
  const cli = path.join(root, 'tools/runner/apply-cli.ts');
  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    return { code: result.status, out: result.stdout, err: result.stderr };
  };
  /** The same, without blocking this thread: a fake API in this process must keep answering. */
  const runAsync = (...args: string[]): Promise<{ code: number | null; out: string; err: string }> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: root });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.on('close', (code) => resolve({ code, out, err }));
    });
  const report = path.join(root, 'examples/apply/report.json');
  const edits = path.join(root, 'examples/apply/edits.json');
  interface Printed {
    review: { confirmLabel: string | null; changes: string[]; counts: string[]; refused: string[] };
    applies: Array<{ run: number; finished: boolean; requests: number; rateLimited: number; received: number | null; results: Array<{ row: string; applyResult: string }> }>;
    audit: string[][];
    sheet: unknown[][];
  }

  it('reviews, applies, and sends nothing the second time (json)', () => {
    const { code, out, err } = run(report, '--edits', edits, '--confirm', '--runs', '2', '--format', 'json');
    expect(err).toBe('');
    expect(code).toBe(0);
    const printed = JSON.parse(out) as Printed;
    expect(printed.review.confirmLabel).toBe('Apply 4 changes');
    expect(printed.review.counts).toEqual(['1 update', '1 correction', '1 deletion', '1 new invoice']);
    expect(printed.review.changes).toHaveLength(4);
    expect(printed.review.refused).toEqual([
      'Row 5: "paid" is not a status (use waiting, completed, partly paid, pending, declined).',
      'Row 33: This account does not use the currency "CHF" (it uses EUR, GBP, JPY, KWD, USD).',
    ]);
    expect(printed.applies.map((apply) => [apply.finished, apply.received, apply.rateLimited])).toEqual([
      [true, 4, 0],
      [true, 0, 0],
    ]);
    expect(printed.applies.every((apply) => apply.requests > 0)).toBe(true);
    expect(printed.applies[0]?.results.map((result) => result.applyResult.slice(0, 1))).toEqual(['✓', '✓', 'r', '✗', '…', '✗']);
    expect(printed.applies[1]?.results[4]?.applyResult).toMatch(/^✓ Created in Affise as invoice \d+\.$/);
    expect(printed.audit.map((row) => row[7])).toEqual(['applied', 'applied', 'applied', 'accepted (created later)', expect.stringMatching(/^created as invoice \d+$/)]);
  });

  it('prints the review, each apply, the Audit log and the sheet as tables', () => {
    const { code, out } = run(report, '--edits', edits, '--confirm', '--runs', '2');
    expect(code).toBe(0);
    expect(out).toContain('Review changes…:\n  Apply 4 changes\n  1 update, 1 correction, 1 deletion, 1 new invoice');
    expect(out).toContain('• Delete invoice 1028');
    expect(out).toMatch(/Apply 1: "Apply 4 changes", finished; requests \d+, 429s 0, changes Affise received 4/);
    expect(out).toMatch(/Apply 2: nothing to send, finished; requests \d+, 429s 0, changes Affise received 0/);
    expect(out).toContain('invoice 1028: row removed (the invoice was deleted)');
    expect(out).toMatch(/Audit log:\nTime +\| User/);
    expect(out).toContain('Sheet "Affise invoices":');
  });

  it('without --confirm, reviews and sends nothing', () => {
    const { code, out } = run(report, '--edits', edits);
    expect(code).toBe(0);
    expect(out).toContain('Not confirmed: nothing was sent. Add --confirm to choose "Apply 4 changes".');
    expect(out).not.toContain('Apply 1:');
  });

  describe('on another Affise-compatible host (--base-url)', () => {
    let host: FakeAffiseHandle;
    beforeAll(async () => {
      host = await startFakeAffise({ clock: SharedClock.real(), seed: 3, paymentCount: 8, quirks: AFFISE_QUIRKS_OFF });
    });
    afterAll(async () => {
      await host?.close();
    });

    it('reviews and applies there, once', async () => {
      const [first, second] = await host.payments();
      const hostEdits = file('host-edits.json', [
        { row: String(first?.id), column: 'Notes', value: 'checked by the runner' },
        { row: String(second?.id), column: 'Correction', value: '-2.00' },
        { row: String(second?.id), column: 'Correction comment', value: 'fee' },
      ]);
      const { code, out, err } = await runAsync(report, '--edits', hostEdits, '--base-url', host.baseUrl, '--api-key', DEMO_AFFISE_KEY, '--confirm', '--runs', '2', '--format', 'json');
      expect(err).toBe('');
      expect(code).toBe(0);
      const printed = JSON.parse(out) as Printed & { api: string };
      expect(printed.api).toBe(host.baseUrl);
      expect(printed.applies.map((apply) => apply.received)).toEqual([null, null]);
      const journal = (await host.journal()).filter((entry) => entry.applied);
      expect(journal.map((entry) => entry.operation).sort()).toEqual(['add-correction', 'update']);
      expect(printed.audit.map((row) => row[7])).toEqual(['applied', 'applied']);
    });
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

  it('names every bad field of the edits and report files, and a report that is not editable', () => {
    const badEdits = file('bad-edits.json', [{ row: 'x', column: 'Nope', value: 1 }]);
    expect(run(report, '--edits', badEdits).err).toContain('The edits file is not valid: 0.row: row is an invoice id or "new"; 0.column: column is one of Affiliate ID, Amount, Currency, Status');
    const badReport = file('bad-report.json', { id: 'x', name: 'X', kind: 'affise-invoices', mode: 'merge', sheet: 'S', editable: true, filters: { status: 'paid', date_from: '1/1/2026' } });
    expect(run(badReport, '--edits', edits).err).toMatch(/bad-report\.json: This report is not valid: filters\.status: "paid" is not an Affise status.*filters\.date_from: "1\/1\/2026" is not a date/);
    const plain = file('plain.json', { id: 'x', name: 'X', kind: 'affise-invoices', mode: 'merge', sheet: 'S' });
    expect(run(plain, '--edits', edits).err).toContain('plain.json: changes are made on an editable report: add "editable": true');
    expect(run(file('broken.json', '{'), '--edits', edits).err).toContain('Cannot read the report file');
    const unknown = file('unknown-row.json', [{ row: '99999', column: 'Notes', value: 'x' }]);
    expect(run(report, '--edits', unknown).err).toContain('Invoice 99999 is not in the report (it shows 30 invoices).');
  });
});
