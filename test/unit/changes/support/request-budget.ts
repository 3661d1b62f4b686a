import { applyPlan, type ApplyReport } from '../../../../src/app/changes/apply';
import type { AuditRow } from '../../../../src/app/changes/audit';
import type { ChangeJournal } from '../../../../src/app/changes/journal';
import type { ChangeProvider } from '../../../../src/app/changes/provider-port';
import { Deadline } from '../../../../src/ports/clock';
import type { HttpOutcome, HttpPort, HttpRequest } from '../../../../src/ports/http';
import type { SharedClock } from '../../../../test-support/clock';
import type { FaultKind } from '../../../../test-support/fake-http/faults';

/*
 * What the fault-at-every-index apply tests share: a port that counts requests and a deadline that
 * runs out after a given number of them, so "time ran out at request N" needs no wall clock.
 */

/** Counts requests; once `expireAfter` have gone, the deadline it hands out has no time left. */
export class CountingHttp implements HttpPort {
  sent = 0;
  expireAfter = Infinity;
  constructor(private readonly inner: HttpPort) {}
  fetch(request: HttpRequest): HttpOutcome {
    this.sent += 1;
    return this.inner.fetch(request);
  }
  fetchAll(requests: readonly HttpRequest[]): HttpOutcome[] {
    this.sent += requests.length;
    return this.inner.fetchAll(requests);
  }
}

export class RequestBudgetDeadline extends Deadline {
  constructor(
    clock: SharedClock,
    private readonly http: CountingHttp,
  ) {
    super(clock, Number.MAX_SAFE_INTEGER);
  }
  override remainingMs(): number {
    return this.http.sent >= this.http.expireAfter ? 0 : 300_000;
  }
}

/** One apply as a fresh execution: the caller's new provider, the same durable journal and audit log, a request-budget deadline. */
export function applyWithRequestBudget<Record>(options: {
  provider: ChangeProvider<Record>;
  journal: ChangeJournal;
  audit: AuditRow[];
  clock: SharedClock;
  http: CountingHttp;
  account: string;
}): ApplyReport<Record> {
  const { provider, journal, audit, clock, http, account } = options;
  return applyPlan({
    provider,
    journal,
    audit: { append: (rows) => audit.push(...rows) },
    clock,
    deadline: new RequestBudgetDeadline(clock, http),
    user: 'finance@demo-network.test',
    account,
    marginMs: 1_000,
  });
}

/** Either fake's handle, as far as planning a fault at a request index goes. */
interface FaultPlanningFake {
  resetStats(): Promise<void>;
  configure(patch: { faults: { plan: Record<number, FaultKind>; rates: Partial<Record<FaultKind, number>> } }): Promise<void>;
}

/**
 * The first apply of a case: `fault` at request `index` of it (for 'deadline', no time left from
 * that request on), then faults off again for the applies after; answers how many requests it sent.
 */
export async function firstApplyWithFault(fake: FaultPlanningFake, http: CountingHttp, fault: FaultKind | 'deadline' | null, index: number, apply: () => void): Promise<number> {
  await fake.resetStats();
  await fake.configure({ faults: { plan: fault !== null && fault !== 'deadline' ? { [index]: fault } : {}, rates: {} } });
  http.sent = 0;
  http.expireAfter = fault === 'deadline' ? index : Infinity;
  apply();
  const requests = http.sent;
  await fake.configure({ faults: { plan: {}, rates: {} } });
  http.expireAfter = Infinity;
  return requests;
}
