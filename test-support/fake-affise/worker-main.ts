import { SharedClock } from '../clock';
import { serveWorker } from '../fake-http/worker-rpc';
import { performAffiseCall, type AffiseHostCall, type AffiseWorkerData } from './host';
import { FakeAffiseServer } from './server';

/** Entry of the worker thread started by `startFakeAffise`: serves until told to close. */
serveWorker(async (data: AffiseWorkerData) => {
  const server = new FakeAffiseServer({ ...data.settings, clock: SharedClock.fromBuffer(data.clockBuffer) });
  const baseUrl = await server.listen(data.port);
  return { baseUrl, perform: (call: unknown) => performAffiseCall(server, call as AffiseHostCall) };
});
