import type { HttpOutcome, HttpPort, HttpRequest } from '../../../src/ports/http';
import { SyncHttpClient } from '../../../test-support/emulator/sync-http-client';

/** The HTTP port over real loopback HTTP, blocking as UrlFetchApp does (the fake must run in a worker). */
export class SyncHttpPort implements HttpPort {
  private readonly client = new SyncHttpClient({ requestTimeoutMs: 30_000, maxResponseBytes: 50_000_000 });

  fetch(request: HttpRequest): HttpOutcome {
    return this.fetchAll([request])[0] as HttpOutcome;
  }

  fetchAll(requests: readonly HttpRequest[]): HttpOutcome[] {
    const outcomes = this.client.send(
      requests.map((request) => ({
        url: request.url,
        method: request.method.toUpperCase(),
        headers: Object.entries(request.headers),
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
