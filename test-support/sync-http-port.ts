import type { HttpOutcome, HttpPort, HttpRequest } from '../src/ports/http';
import { REAL_HANG_GUARD_MS, VIRTUAL_SENT_AT_HEADER, type SharedClock } from './clock';
import { SyncHttpClient } from './emulator/sync-http-client';

/**
 * The HTTP port over real loopback HTTP, blocking as UrlFetchApp does (the fake must run in a
 * worker). Like the emulator, it stamps each request with its virtual send time, so the fake's
 * latency never depends on how fast this machine is.
 */
export class SyncHttpPort implements HttpPort {
  private readonly client: SyncHttpClient;

  constructor(private readonly clock: SharedClock) {
    // On a virtual clock a slow answer from a busy machine is no timeout: the real one only catches a hang.
    this.client = new SyncHttpClient({ requestTimeoutMs: clock.isVirtual ? REAL_HANG_GUARD_MS : 30_000, maxResponseBytes: 50_000_000 });
  }

  fetch(request: HttpRequest): HttpOutcome {
    return this.fetchAll([request])[0] as HttpOutcome;
  }

  fetchAll(requests: readonly HttpRequest[]): HttpOutcome[] {
    const stamp: Array<[string, string]> = this.clock.isVirtual ? [[VIRTUAL_SENT_AT_HEADER, String(this.clock.now())]] : [];
    const outcomes = this.client.send(
      requests.map((request) => ({
        url: request.url,
        method: request.method.toUpperCase(),
        headers: [...Object.entries(request.headers), ...stamp],
        body: request.body === undefined ? null : new TextEncoder().encode(request.body),
        followRedirects: true,
        validateHttpsCertificates: true,
      })),
    );
    return outcomes.map((outcome): HttpOutcome =>
      outcome.kind === 'response'
        ? { kind: 'response', status: outcome.status, headers: Object.fromEntries(outcome.headers.map(([name, value]) => [name.toLowerCase(), value])), body: new TextDecoder().decode(outcome.body) }
        : { kind: 'network-failure', message: `${outcome.reason}: ${outcome.detail}` },
    );
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
