import { CUSTOM_FUNCTIONS } from '../app/custom-functions';
import type { PublicFunction } from './registry-types';
import { runCustomFunction } from './run';

/** The custom functions as registry entries: their documentation comes from their parameters. */
export const customFunctions: PublicFunction[] = CUSTOM_FUNCTIONS.map((fn) => ({
  name: fn.name,
  kind: 'custom-function',
  summary: fn.summary,
  example: fn.example,
  params: fn.params.map(({ name, type, description, optional }) => ({ name, type, description, optional })),
  returns: fn.returns,
  ...(fn.networkReturns ? { networkReturns: fn.networkReturns } : {}),
  run: runCustomFunction((call, args) => fn.evaluate(call, args)),
}));
