/**
 * The bundle's entry: esbuild turns this module into one global (see scripts/build.mjs), and the
 * generated top-level wrappers call `functions[name]`. Loading it touches no Apps Script service.
 */
import { publicFunctions, registryDocs } from './registry';

export const functions: Record<string, (...args: unknown[]) => unknown> = Object.fromEntries(publicFunctions.map((fn) => [fn.name, fn.run]));

export const registry = registryDocs;
