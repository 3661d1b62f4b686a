import { parentPort, Worker, workerData } from 'node:worker_threads';

/**
 * A fake API served from a worker thread, driven by messages. The emulator blocks the main thread
 * with Atomics.wait while it fetches, so a fake server cannot live there; the worker and the main
 * thread share the clock's buffer.
 */

type Reply = { type: 'ready'; baseUrl: string } | { type: 'reply'; id: number; ok: true; result: unknown } | { type: 'reply'; id: number; ok: false; message: string };

interface Request {
  id: number;
  call: unknown;
}

/** Starts `file` (a .ts module that calls `serveWorker`) with `data`; resolves once it listens. */
export async function startWorker(file: string, data: unknown, name: string): Promise<WorkerRpc> {
  const worker = new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(file)});`, { eval: true, workerData: data });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const onMessage = (message: Reply): void => {
      if (message.type !== 'ready') return;
      worker.off('error', onError);
      worker.off('message', onMessage);
      resolve(message.baseUrl);
    };
    const onError = (error: Error): void => {
      worker.off('message', onMessage);
      void worker.terminate();
      reject(error);
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
  });
  return new WorkerRpc(worker, baseUrl, name);
}

export class WorkerRpc {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  private closed = false;

  constructor(
    private readonly worker: Worker,
    readonly baseUrl: string,
    private readonly name: string,
  ) {
    worker.on('message', (message: Reply) => {
      if (message.type !== 'reply') return;
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.ok) waiter?.resolve(message.result);
      else waiter?.reject(new Error(message.message));
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => this.failAll(new Error(`${this.name} worker exited (code ${code})`)));
  }

  /** Sends a call; the worker's `perform` answers it. The caller names the result type its call answers. */
  call(call: unknown): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error(`${this.name} server is closed`));
    const id = this.nextId++;
    return new Promise<unknown>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, call } satisfies Request);
    });
  }

  /** Runs `closeCall` in the worker (the server stops listening), then ends the thread. */
  async close(closeCall: unknown): Promise<void> {
    if (this.closed) return;
    await this.call(closeCall);
    this.closed = true;
    await this.worker.terminate();
  }

  private failAll(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}

/** The worker's side: builds the server from the start data, listens, and answers calls with `perform`. */
export function serveWorker<Data>(start: (data: Data) => Promise<{ baseUrl: string; perform: (call: unknown) => unknown }>): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorker runs only in a worker thread');
  const post = (message: Reply): void => port.postMessage(message);
  start(workerData as Data).then(
    ({ baseUrl, perform }) => {
      port.on('message', (request: Request) => {
        Promise.resolve()
          .then(() => perform(request.call))
          .then(
            (result) => post({ type: 'reply', id: request.id, ok: true, result }),
            (error: unknown) => post({ type: 'reply', id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) }),
          );
      });
      post({ type: 'ready', baseUrl });
    },
    (error: unknown) => {
      // Surfaces in the host as the worker's 'error' event.
      setImmediate(() => {
        throw error;
      });
    },
  );
}
