import { SharedClock } from '../clock';
import { serveWorker } from '../fake-http/worker-rpc';
import { performCall, type HostCall, type WorkerStartData } from './protocol';
import { FakeEverflowServer } from './server';

/** Entry of the worker thread started by `startFakeEverflow`: serves until told to close. */
serveWorker(async (start: WorkerStartData) => {
  const server = new FakeEverflowServer({ ...start.settings, clock: SharedClock.fromBuffer(start.clockBuffer) });
  const baseUrl = await server.listen(start.port);
  return { baseUrl, perform: (call: unknown) => performCall(server, call as HostCall) };
});
