import { serveFake } from '../fake-http/fake-worker';
import { AFFISE_HOST_METHODS } from './host';
import type { FakeAffiseSettings } from './options';
import { FakeAffiseServer } from './server';

/** Entry of the worker thread started by `startFakeAffise`: serves until told to close. */
serveFake<FakeAffiseSettings, FakeAffiseServer>((settings, clock) => new FakeAffiseServer({ ...settings, clock }), AFFISE_HOST_METHODS);
