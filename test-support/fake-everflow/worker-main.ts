import { parentPort, workerData } from 'node:worker_threads';
import { SharedClock } from '../clock';
import { performCall, type HostRequest, type WorkerMessage, type WorkerStartData } from './protocol';
import { FakeEverflowServer } from './server';

/** Entry of the worker thread started by `startFakeEverflow`: serves until told to close. */
async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('worker-main.ts runs only as a worker thread');
  const start = workerData as WorkerStartData;
  const server = new FakeEverflowServer({ ...start.settings, clock: SharedClock.fromBuffer(start.clockBuffer) });
  const baseUrl = await server.listen(start.port);
  const post = (message: WorkerMessage): void => port.postMessage(message);
  port.on('message', (request: HostRequest) => {
    performCall(server, request.call).then(
      (result) => post({ type: 'reply', id: request.id, ok: true, result }),
      (error: unknown) => post({ type: 'reply', id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) }),
    );
  });
  post({ type: 'ready', baseUrl });
}

main().catch((error: unknown) => {
  // Surfaces in the host as the worker's 'error' event.
  setImmediate(() => {
    throw error;
  });
});
