import { serveFake } from '../fake-http/fake-worker';
import { EVERFLOW_HOST_METHODS } from './host';
import type { FakeEverflowSettings } from './options';
import { FakeEverflowServer } from './server';

/** Entry of the worker thread started by `startFakeEverflow`: serves until told to close. */
serveFake<FakeEverflowSettings, FakeEverflowServer>((settings, clock) => new FakeEverflowServer({ ...settings, clock }), EVERFLOW_HOST_METHODS);
