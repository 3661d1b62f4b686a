import { createHash } from 'node:crypto';
import type http from 'node:http';
import type { SharedClock } from '../clock';

/** Pieces of a fake API on loopback HTTP that do not depend on the API. */

/** Caps the wait for a batch to finish arriving, should requests keep streaming in. */
const MAX_OVERLAP_ROUNDS = 20;

/**
 * Simulated latency on the shared clock. A request "takes" `latencyMs` from its arrival. On a
 * virtual clock the clock moves to arrival + latency once no request has arrived for
 * `overlapWindowMs` of real time, so requests sent together overlap instead of adding up.
 */
export class LatencySimulator {
  private arrivals = 0;

  constructor(private readonly clock: SharedClock) {}

  /** Call as each request arrives. */
  arrived(): void {
    this.arrivals++;
  }

  async takeTime(arrivedAtMs: number, latencyMs: number, overlapWindowMs: number): Promise<void> {
    if (latencyMs <= 0) return;
    if (this.clock.isVirtual) {
      for (let round = 0; round < MAX_OVERLAP_ROUNDS; round++) {
        const seen = this.arrivals;
        await new Promise<void>((resolve) => setTimeout(resolve, overlapWindowMs));
        if (seen === this.arrivals) break;
      }
      this.clock.advanceTo(arrivedAtMs + latencyMs);
      return;
    }
    const waitMs = arrivedAtMs + latencyMs - this.clock.now();
    if (waitMs > 0) await new Promise<void>((resolve) => setTimeout(resolve, waitMs));
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
