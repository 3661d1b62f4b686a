import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { VIRTUAL_SENT_AT_HEADER, virtualSentAtMs, type SharedClock } from '../clock';

/** Pieces of a fake API on loopback HTTP that do not depend on the API. */

/**
 * Simulated latency on the shared clock. A request "takes" `latencyMs` from its arrival and is
 * answered at arrival + latency. On a virtual clock nothing waits for real: a request stamped with
 * its virtual send time (the emulator's VIRTUAL_SENT_AT_HEADER) arrives at its stamp, so requests
 * sent together share their latency whatever order and pace the OS delivers them in; an unstamped
 * one arrives when it is read. Parallel requests therefore overlap only when stamped: timing by
 * real arrival would make virtual time depend on how busy the machine is.
 */
export class LatencySimulator {
  constructor(private readonly clock: SharedClock) {}

  /** Call as each request arrives: its virtual arrival time. */
  arrive(request: http.IncomingMessage): { arrivedAtMs: number } {
    return { arrivedAtMs: virtualSentAtMs(request.headers[VIRTUAL_SENT_AT_HEADER]) ?? this.clock.now() };
  }

  /** Lets `latencyMs` pass from the arrival; answers the instant the request is answered. */
  async takeTime(arrival: { arrivedAtMs: number }, latencyMs: number): Promise<number> {
    const answeredAtMs = arrival.arrivedAtMs + Math.max(0, latencyMs);
    if (this.clock.isVirtual) {
      this.clock.advanceTo(answeredAtMs);
      return answeredAtMs;
    }
    const waitMs = answeredAtMs - this.clock.now();
    if (waitMs > 0) await new Promise<void>((resolve) => setTimeout(resolve, waitMs));
    return this.clock.now();
  }
}

/** A Node http server on 127.0.0.1 that hands every request to `serve`. */
export class LoopbackListener {
  private server: http.Server | null = null;
  private boundPort = 0;

  constructor(private readonly serve: (request: http.IncomingMessage, response: http.ServerResponse) => Promise<void>) {}

  /** Starts listening; 0 takes a free port. */
  async listen(port = 0): Promise<void> {
    const server = http.createServer((request, response) => {
      void this.serve(request, response);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.boundPort = (server.address() as AddressInfo).port;
  }

  get port(): number {
    return this.boundPort;
  }

  /** Stops listening and cuts open connections. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }
}

export class BodyTooLargeError extends Error {}

export async function readRequestBody(request: http.IncomingMessage, maxBytes = 1_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > maxBytes) throw new BodyTooLargeError();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function headerValue(value: string | string[] | undefined): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? null : first;
}

/** First 8 hex digits of the key's SHA-256: what logs keep instead of a key. */
export function fingerprint(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/**
 * Writes a response; `truncate` sends a 2xx body cut in half with no Content-Length, so the
 * response ends cleanly and only the JSON is broken.
 */
export function sendText(response: http.ServerResponse, status: number, headers: http.OutgoingHttpHeaders, text: string, truncate: boolean): void {
  const bytes = Buffer.from(text, 'utf8');
  if (truncate && status >= 200 && status < 300) {
    response.writeHead(status, headers);
    response.end(bytes.subarray(0, Math.floor(bytes.length / 2)));
    return;
  }
  response.writeHead(status, { ...headers, 'Content-Length': String(bytes.length) });
  response.end(bytes);
}
