import { CUSTOM_FUNCTIONS } from '../../app/custom-functions';
import { functionCatalog } from '../../app/sidebar/formula';
import type { FunctionInfo } from '../../app/sidebar/api';
import { customFunctions } from '../custom-functions';

/** The custom functions as the builder and Help show them; built on first use, not at load. */
export function sidebarCatalog(): FunctionInfo[] {
  return functionCatalog(CUSTOM_FUNCTIONS);
}

/** Runs a custom function through its registry entry: the same path, budget and messages as a cell. */
export function evaluateCustomFunction(name: string, args: unknown[]): unknown {
  const fn = customFunctions.find((candidate) => candidate.name === name);
  if (!fn) throw new Error(`${name} is not a function of this add-on.`);
  return fn.run(...args);
}
