import path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { wireReplySchema } from './url-fetch-wire';
import type { WireCall, WireOutcome, WireRequest, WireWorkerData } from './url-fetch-wire';

/** How long the script's thread waits beyond the requests' own timeout before it calls the worker lost. */
const WORKER_GRACE_MS = 5_000;

/**
 * Synchronous HTTP for the script's thread: hands the requests to a worker thread and blocks in
 * Atomics.wait until the worker has posted the outcomes, which it then reads with
 * receiveMessageOnPort (no size limit). The worker starts on first use.
 */
export class SyncHttpClient {
  private worker: Worker | null = null;
  private port: MessagePort | null = null;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private seq = 0;

  constructor(
    private readonly options: {
      requestTimeoutMs: number;
      maxResponseBytes: number;
      /** The worker's code already bundled, for threads that start many emulators (default: url-fetch-worker.ts through tsx). */
      workerCode?: string;
    },
  ) {}

  /** Sends all requests in parallel; blocks until every one has an outcome (answers in order). */
  send(requests: WireRequest[]): WireOutcome[] {
    const port = this.start();
    const call: WireCall = { seq: ++this.seq, requests, timeoutMs: this.options.requestTimeoutMs };
    (this.worker as Worker).postMessage(call);
    const giveUpAt = Date.now() + this.options.requestTimeoutMs + WORKER_GRACE_MS;
    for (;;) {
      // Read the signal before draining the port: a reply posted after the drain bumps it, so the wait returns at once.
      const seen = Atomics.load(this.signal, 0);
      for (let message = receiveMessageOnPort(port); message !== undefined; message = receiveMessageOnPort(port)) {
        const reply = wireReplySchema.parse(message.message);
        if (reply.seq === call.seq) return reply.outcomes;
      }
      const remainingMs = giveUpAt - Date.now();
      if (remainingMs <= 0) throw new Error(`The HTTP worker did not answer within ${this.options.requestTimeoutMs + WORKER_GRACE_MS} ms`);
      Atomics.wait(this.signal, 0, seen, remainingMs);
    }
  }

  /** Starts the worker now rather than on the first request. */
  prepare(): void {
    this.start();
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.port?.close();
    this.worker = null;
    this.port = null;
    if (worker) await worker.terminate();
  }

  private start(): MessagePort {
    if (this.port) return this.port;
    const { port1, port2 } = new MessageChannel();
    const workerFile = path.join(__dirname, 'url-fetch-worker.ts');
    const workerData: WireWorkerData = { port: port2, signal: this.signal.buffer as SharedArrayBuffer, maxResponseBytes: this.options.maxResponseBytes };
    const worker = new Worker(this.options.workerCode ?? `require('tsx/cjs/api').register(); require(${JSON.stringify(workerFile)})`, {
      eval: true,
      workerData,
      transferList: [port2],
    });
    // The worker must never keep the process alive, nor its failure go unseen.
    worker.unref();
    worker.on('error', (error) => {
      console.error('emulator HTTP worker failed:', error);
    });
    this.worker = worker;
    this.port = port1;
    return port1;
  }
}
