import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { SharedClock } from '../../../../test-support/clock';

/**
 * A small HTTP server for the emulator's UrlFetchApp tests. It runs in a worker thread because
 * the test's thread blocks in Atomics.wait while the emulator fetches.
 */

interface FixtureServerData {
  clockBuffer: SharedArrayBuffer | null;
  /** Int32Array: [in flight now, most in flight at once, requests served]. */
  counters: SharedArrayBuffer;
}

const { clockBuffer, counters: countersBuffer } = workerData as FixtureServerData;
const clock = SharedClock.fromBuffer(clockBuffer);
const counters = new Int32Array(countersBuffer);
/** Requests held at /barrier until `n` of them are in flight at once. */
const barrier: Array<() => void> = [];

/** Connections that have carried a request to /closes-reused. */
const servedSockets = new WeakSet<object>();

/** Responses the server has answered or dropped: no longer in flight. */
const answered = new WeakSet<http.ServerResponse>();

/**
 * Takes a request out of flight as the server answers it, before any byte leaves: the client
 * cannot see the answer while the count still holds it. ('close' comes later, after the client
 * may already have moved on to its next request, and a loaded machine widens that gap.)
 */
function leaveFlight(response: http.ServerResponse): void {
  if (answered.has(response)) return;
  answered.add(response);
  Atomics.sub(counters, 0, 1);
}

function send(response: http.ServerResponse, status: number, body: string, headers: Record<string, string | string[]> = {}): void {
  leaveFlight(response);
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  response.end(body);
}

function handle(request: http.IncomingMessage, response: http.ServerResponse, body: Buffer): void {
  const url = new URL(request.url ?? '/', 'http://fixture');
  const param = (name: string): number => Number(url.searchParams.get(name) ?? '0');
  switch (url.pathname) {
    case '/text':
      send(response, 200, 'hello from the fixture');
      return;
    case '/status':
      send(response, param('code'), url.searchParams.get('body') ?? `status ${param('code')}`);
      return;
    case '/echo':
      send(response, 200, JSON.stringify({ method: request.method, headers: request.headers, body: body.toString('utf8'), url: request.url }), {
        'Content-Type': 'application/json',
      });
      return;
    case '/latency':
      // Simulated latency on the shared virtual clock: no real waiting.
      clock.advance(param('ms'));
      send(response, 200, `took ${param('ms')} ms`);
      return;
    case '/barrier': {
      const release = (): void => send(response, 200, `released with ${Atomics.load(counters, 1)} in flight`);
      barrier.push(release);
      if (barrier.length >= param('n')) barrier.splice(0).forEach((held) => held());
      return;
    }
    case '/drop':
      leaveFlight(response);
      request.socket.destroy();
      return;
    case '/closes-reused':
      // As a server whose idle timeout ran out while this request was on its way over a kept-alive connection.
      if (servedSockets.has(request.socket)) {
        leaveFlight(response);
        request.socket.destroy();
        return;
      }
      servedSockets.add(request.socket);
      send(response, 200, 'on a fresh connection');
      return;
    case '/drop-midway':
      leaveFlight(response);
      response.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '1000' });
      response.write('partial');
      setImmediate(() => request.socket.destroy());
      return;
    case '/redirect':
      send(response, 302, '', { Location: '/text' });
      return;
    case '/cookies':
      send(response, 200, 'cookies', { 'Set-Cookie': ['a=1', 'b=2'], 'X-Custom': 'yes' });
      return;
    case '/latin1':
      leaveFlight(response);
      response.writeHead(200, { 'Content-Type': 'text/plain; charset=ISO-8859-1' });
      response.end(Buffer.from('café', 'latin1'));
      return;
    default:
      send(response, 404, 'no such fixture');
  }
}

const server = http.createServer((request, response) => {
  const inFlight = Atomics.add(counters, 0, 1) + 1;
  Atomics.store(counters, 1, Math.max(Atomics.load(counters, 1), inFlight));
  Atomics.add(counters, 2, 1);
  // A client that gives up before the answer.
  response.on('close', () => leaveFlight(response));
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => handle(request, response, Buffer.concat(chunks)));
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  parentPort?.postMessage({ port: typeof address === 'object' && address ? address.port : 0 });
});

parentPort?.on('message', (message: unknown) => {
  if (message === 'close') server.close(() => parentPort?.close());
});
