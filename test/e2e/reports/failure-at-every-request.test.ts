/**
 * A failure injected at every request index of a run, on the built bundle: a failure the client
 * recovers from (one 5xx, 429, truncated body or dropped connection, then retried) leaves the
 * sheet exactly as the clean run does; one it cannot recover from (a storm that outlasts every
 * retry) leaves it exactly as it was. Every cell, format and the hidden sync state are compared.
 *
 * Two fake APIs hold the same invoices, the second then changed (two touched, one removed, one
 * added): the first run of each scenario reads the first API, the second run the second, so each
 * scenario starts from the same data without regenerating it.
 */
import { stateSheetName } from '../../../src/app/reports/sync-state';
import { SharedClock } from '../../../test-support/clock';
import { startFakeEverflow, type FakeEverflowHandle, type FaultKind } from '../../../test-support/fake-everflow';
import { AddOnHarness, BASE_URL_PROPERTY, urlFetchPrefixOf } from '../../../test-support/harness';
import { storedReport, syncLogLines } from '../../../tools/runner/report-document';
import {
  addReport,
  fireTrigger,
  snapshotSheets,
  type SheetSnapshot,
} from '../support-reports/reports-harness';

const DEFINITION = { id: 'lines', name: 'Lines', kind: 'lines', mode: 'merge', sheet: 'Lines', schedule: { frequency: 'hourly' } } as const;
const SHEETS = [DEFINITION.sheet, stateSheetName(DEFINITION.id)];
/** Recovered by a retry: each kind in turn. */
const TRANSIENT: readonly FaultKind[] = ['500', '502', '503', '429', 'truncate', 'drop'];
/** Longer than the client's six attempts at any request. */
const STORM_LENGTH = 60;

type Stage = 'first run' | 'second run';

interface Outcome {
  before: Record<string, SheetSnapshot | null>;
  after: Record<string, SheetSnapshot | null>;
  result: string | undefined;
  requests: number | undefined;
  consecutiveFailures: number;
}

const clock = SharedClock.virtual();
let original: FakeEverflowHandle;
let changed: FakeEverflowHandle;

beforeAll(async () => {
  [original, changed] = await Promise.all([startFakeEverflow({ clock, invoiceCount: 8 }), startFakeEverflow({ clock, invoiceCount: 8 })]);
  const ids = await changed.invoiceIds();
  await changed.mutate({ kind: 'touch', ids: [ids[0] ?? 0, ids[4] ?? 0] });
  await changed.mutate({ kind: 'remove', ids: [ids[2] ?? 0] });
  await changed.mutate({ kind: 'add', count: 1 });
});
afterAll(async () => {
  await Promise.all([original.close(), changed.close()]);
});

/** A fresh document; the stage's run meets `plan` (request index from the start of that run). */
async function scenario(stage: Stage, plan: Record<number, FaultKind>): Promise<Outcome> {
  const harness = await AddOnHarness.start({ clock, api: { baseUrl: original.baseUrl }, spreadsheetTimeZone: 'Asia/Kolkata' });
  try {
    addReport(harness, DEFINITION);
    if (stage === 'second run') {
      expect(fireTrigger(harness)).toMatchObject({ ok: true });
      harness.emulator.userProperties.setProperty(BASE_URL_PROPERTY, changed.baseUrl);
      harness.emulator.allowUrlFetchPrefix(urlFetchPrefixOf(changed.baseUrl));
    }
    const api = stage === 'first run' ? original : changed;
    const before = snapshotSheets(harness, SHEETS);
    await api.resetStats();
    await api.configure({ faults: { plan } });
    try {
      expect(fireTrigger(harness)).toMatchObject({ ok: true });
    } finally {
      await api.configure({ faults: { plan: {} } });
    }
    const line = syncLogLines(harness).at(-1);
    return {
      before,
      after: snapshotSheets(harness, SHEETS),
      result: line?.result,
      requests: line?.requests,
      consecutiveFailures: storedReport(harness, DEFINITION.id).status.consecutiveFailures,
    };
  } finally {
    await harness.close();
  }
}

const storm = (from: number, kind: FaultKind): Record<number, FaultKind> =>
  Object.fromEntries(Array.from({ length: STORM_LENGTH }, (_, offset) => [from + offset, kind]));

describe.each<Stage>(['first run', 'second run'])('a failure at every request index of the %s', (stage) => {
  let clean: Outcome;
  beforeAll(async () => {
    clean = await scenario(stage, {});
  });

  it('a clean run changes the sheet (the scenarios below are not vacuous)', () => {
    expect(clean.result).toBe('ok');
    expect(clean.after).not.toEqual(clean.before);
    expect(clean.requests).toBeGreaterThan(1);
  });

  it('recovered by a retry: the sheet ends exactly as the clean run leaves it', async () => {
    const requests = clean.requests ?? 0;
    for (let index = 0; index < requests; index += 1) {
      const kind = TRANSIENT[index % TRANSIENT.length] ?? '500';
      const outcome = await scenario(stage, { [index]: kind });
      // A dropped connection fails its whole fetchAll batch (as in Apps Script), so the batch is sent again.
      expect({ index, kind, result: outcome.result, retried: (outcome.requests ?? 0) > requests, sheets: outcome.after }).toEqual({
        index,
        kind,
        result: 'ok',
        retried: true,
        sheets: clean.after,
      });
    }
  });

  it('not recovered (a storm outlasting the retries): the sheet stays exactly as it was', async () => {
    const requests = clean.requests ?? 0;
    for (let index = 0; index < requests; index += 1) {
      const kind = index % 2 === 0 ? '429' : '503';
      const outcome = await scenario(stage, storm(index, kind));
      expect({ index, kind, result: outcome.result, failures: outcome.consecutiveFailures, sheets: outcome.after }).toEqual({
        index,
        kind,
        result: 'failed',
        failures: 1,
        sheets: outcome.before,
      });
    }
  });
});
