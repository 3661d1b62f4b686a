import http from 'node:http';
import https from 'node:https';
import { parentPort, workerData } from 'node:worker_threads';
import type { FailureReason, WireCall, WireOutcome, WireReply, WireRequest, WireWorkerData } from './url-fetch-wire';

/**
 * The HTTP side of the emulator's synchronous UrlFetchApp: runs in a worker thread, performs the
 * requests of one call in parallel with Node's http/https, posts the outcomes on the reply port,
 * then wakes the script's thread (blocked in Atomics.wait) through the shared signal.
 */

const MAX_REDIRECTS = 10;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

const { port, signal: signalBuffer, maxResponseBytes } = workerData as WireWorkerData;
const signal = new Int32Array(signalBuffer);
/**
 * A fresh connection for every request, never a kept-alive one. A server closes an idle connection
 * after some real time (Node's default 5 s); a request sent on it as that moment comes is reset,
 * and the script sees "Address unavailable" and retries. Executions of one test are seconds apart
 * in real time, more on a busy machine, so reuse made request counts depend on machine speed.
 */
const agents = { http: new http.Agent({ keepAlive: false }), https: new https.Agent({ keepAlive: false }) };

function failure(reason: FailureReason, detail: string): WireOutcome {
  return { kind: 'failure', reason, detail };
}

const REASON_BY_CODE: Readonly<Record<string, FailureReason>> = {
  ECONNREFUSED: 'refused',
  EHOSTUNREACH: 'refused',
  ENETUNREACH: 'refused',
  EADDRNOTAVAIL: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  ETIMEDOUT: 'timeout',
};

function classify(error: NodeJS.ErrnoException): WireOutcome {
  const code = error.code ?? '';
  const reason = REASON_BY_CODE[code] ?? (/CERT|TLS|SSL|SELF_SIGNED/.test(code) ? 'tls' : error.message === 'socket hang up' ? 'reset' : 'other');
  return failure(reason, `${code} ${error.message}`.trim());
}

/** Node takes one value per header name; repeated names are joined as HTTP allows. */
function headerObject(pairs: ReadonlyArray<[string, string]>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of pairs) {
    const existing = Object.keys(headers).find((key) => key.toLowerCase() === name.toLowerCase());
    if (existing === undefined) headers[name] = value;
    else headers[existing] = `${headers[existing]}, ${value}`;
  }
  return headers;
}

function rawHeaderPairs(raw: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let index = 0; index + 1 < raw.length; index += 2) pairs.push([raw[index] ?? '', raw[index + 1] ?? '']);
  return pairs;
}

function sendOnce(url: URL, method: string, headers: Record<string, string>, body: Uint8Array | null, validate: boolean, timeoutMs: number): Promise<WireOutcome> {
  return new Promise((resolve) => {
    const transport = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
    if (!transport) {
      resolve(failure('invalid-url', `unsupported protocol ${url.protocol}`));
      return;
    }
    let settled = false;
    const settle = (outcome: WireOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const request = transport.request(url, {
      method,
      headers,
      agent: url.protocol === 'https:' ? agents.https : agents.http,
      rejectUnauthorized: validate,
    });
    const timer = setTimeout(() => {
      settle(failure('timeout', `no complete response within ${timeoutMs} ms`));
      request.destroy();
    }, Math.max(0, timeoutMs));
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxResponseBytes) {
          settle(failure('too-large', `response over ${maxResponseBytes} bytes`));
          request.destroy();
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () =>
        settle({ kind: 'response', status: response.statusCode ?? 0, headers: rawHeaderPairs(response.rawHeaders), body: new Uint8Array(Buffer.concat(chunks)) }),
      );
      response.on('error', (error: NodeJS.ErrnoException) => settle(classify(error)));
      response.on('close', () => {
        if (!response.complete) settle(failure('reset', 'connection closed before the response ended'));
      });
    });
    request.on('error', (error: NodeJS.ErrnoException) => settle(classify(error)));
    if (body) request.end(Buffer.from(body));
    else request.end();
  });
}

/** Never rejects: whatever goes wrong becomes a failure outcome, so the waiting thread always gets an answer. */
async function perform(request: WireRequest, timeoutMs: number): Promise<WireOutcome> {
  try {
    return await follow(request, timeoutMs);
  } catch (error) {
    return failure('other', error instanceof Error ? error.message : String(error));
  }
}

async function follow(request: WireRequest, timeoutMs: number): Promise<WireOutcome> {
  const giveUpAt = Date.now() + timeoutMs;
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return failure('invalid-url', 'not a URL');
  }
  let method = request.method;
  let body = request.body;
  let headers = request.headers;
  for (let hop = 0; ; hop += 1) {
    const outcome = await sendOnce(url, method, headerObject(headers), body, request.validateHttpsCertificates, giveUpAt - Date.now());
    if (outcome.kind === 'failure' || !request.followRedirects || !REDIRECT_STATUSES.has(outcome.status) || hop >= MAX_REDIRECTS) return outcome;
    const location = outcome.headers.find(([name]) => name.toLowerCase() === 'location')?.[1];
    if (location === undefined) return outcome;
    url = new URL(location, url);
    // As browsers do: 303, and 301/302 after a POST, continue as a GET without the body.
    if (outcome.status === 303 || ((outcome.status === 301 || outcome.status === 302) && method === 'POST')) {
      method = 'GET';
      body = null;
      headers = headers.filter(([name]) => !/^content-(type|length)$/i.test(name));
    }
  }
}

async function answer(call: WireCall): Promise<void> {
  const outcomes = await Promise.all(call.requests.map((request) => perform(request, call.timeoutMs)));
  const reply: WireReply = { seq: call.seq, outcomes };
  const bodies = outcomes.flatMap((outcome) => (outcome.kind === 'response' ? [outcome.body.buffer as ArrayBuffer] : []));
  port.postMessage(reply, bodies);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

parentPort?.on('message', (call: WireCall) => {
  void answer(call);
});
