import { createHash } from 'node:crypto';
import type http from 'node:http';
import { VIRTUAL_SENT_AT_HEADER, virtualSentAtMs, type SharedClock } from '../clock';

/** Pieces of a fake API on loopback HTTP that do not depend on the API. */

/** Caps the wait for a batch to finish arriving, should requests keep streaming in. */
const MAX_OVERLAP_ROUNDS = 20;

/**
 * Simulated latency on the shared clock. A request "takes" `latencyMs` from its arrival. A
 * request stamped with its virtual send time (the emulator's VIRTUAL_SENT_AT_HEADER) arrives then
 * and moves the clock at once: requests sent together share the stamp, so they overlap whatever
 * their real arrival order. An unstamped one, on a virtual clock, waits until no request has
 * arrived for `overlapWindowMs` of real time, so a parallel batch still overlaps.
 */
export class LatencySimulator {
  private arrivals = 0;

  constructor(private readonly clock: SharedClock) {}

  /** Call as each request arrives: its virtual arrival time, and whether it was stamped. */
  arrive(request: http.IncomingMessage): { arrivedAtMs: number; stamped: boolean } {
    this.arrivals++;
    const stampedAtMs = virtualSentAtMs(request.headers[VIRTUAL_SENT_AT_HEADER]);
    return { arrivedAtMs: stampedAtMs ?? this.clock.now(), stamped: stampedAtMs !== null };
  }

  async takeTime(arrival: { arrivedAtMs: number; stamped: boolean }, latencyMs: number, overlapWindowMs: number): Promise<void> {
    if (latencyMs <= 0) return;
    const { arrivedAtMs, stamped } = arrival;
    if (this.clock.isVirtual && !stamped) {
      for (let round = 0; round < MAX_OVERLAP_ROUNDS; round++) {
        const seen = this.arrivals;
        await new Promise<void>((resolve) => setTimeout(resolve, overlapWindowMs));
        if (seen === this.arrivals) break;
      }
    }
    if (this.clock.isVirtual) {
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
