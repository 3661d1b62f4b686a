import { MemoryLock } from '../reports/support/harness';
import type { AppServices, Call } from '../../../src/app/services';
import { Deadline } from '../../../src/ports/clock';
import type { HttpOutcome, HttpPort, HttpRequest } from '../../../src/ports/http';
import { SharedClock } from '../../../test-support/clock';
import { IntlZoneRules } from '../../../test-support/intl-zone-rules';
import { MemoryCache, MemoryProperties } from '../../../test-support/memory-ports';
import { NodeCodec } from '../../../test-support/node-codec';

/** HTTP answered by a function of the request, counting requests. */
export class ScriptedHttp implements HttpPort {
  readonly requests: HttpRequest[] = [];

  constructor(private readonly answer: (request: HttpRequest) => HttpOutcome) {}

  fetch(request: HttpRequest): HttpOutcome {
    this.requests.push(request);
    return this.answer(request);
  }

  fetchAll(requests: readonly HttpRequest[]): HttpOutcome[] {
    return requests.map((request) => this.fetch(request));
  }
}

/** A partner (affiliate) key's Everflow: network endpoints answer 403 "Out of realm", the rest as `answer` says. */
export function partnerRealm(answer: (request: HttpRequest) => HttpOutcome): (request: HttpRequest) => HttpOutcome {
  return (request) => (request.url.includes('/networks/') ? jsonResponse(403, { error: 'Out of realm' }) : answer(request));
}

export const jsonResponse = (status: number, body: unknown): HttpOutcome => ({ kind: 'response', status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** The app's services in memory, on a virtual clock, for use cases tested alone. */
export function memoryCall(http: HttpPort, spreadsheetTimeZone = 'Europe/Berlin', spreadsheetLocale = 'en_US'): Call & { userProperties: MemoryProperties; clock: SharedClock } {
  const clock = SharedClock.virtual();
  const userProperties = new MemoryProperties();
  const services: AppServices = {
    clock,
    sleeper: clock,
    http,
    userProperties,
    documentProperties: new MemoryProperties(),
    documentCache: new MemoryCache(),
    codec: new NodeCodec(),
    zones: new IntlZoneRules(),
    log: { info: () => undefined, warn: () => undefined },
    random: () => 0.5,
    userLock: new MemoryLock(clock),
    spreadsheetTimeZone: () => spreadsheetTimeZone,
    spreadsheetLocale: () => spreadsheetLocale,
  };
  return { services, deadline: Deadline.after(clock, 300_000), userProperties, clock };
}
