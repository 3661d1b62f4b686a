import type { PropertiesPort } from '../ports/properties';

/**
 * Caches cannot be listed or emptied, so "clear cached data" moves to a new generation that every
 * key includes; the old entries are never read again and expire on their own.
 */
const GENERATION_PROPERTY = 'cache.generation';
/**
 * Bumped after every scheduled or manual refresh: invoice lists cached by custom functions are
 * read fresh (details stay: they are keyed by the invoice's time_saved).
 */
export const DATA_EPOCH_PROPERTY = 'data.epoch';

const read = (properties: PropertiesPort, key: string): string => properties.get(key) ?? '0';

export function cacheGeneration(documentProperties: PropertiesPort): string {
  return read(documentProperties, GENERATION_PROPERTY);
}

export function dataEpoch(documentProperties: PropertiesPort): string {
  return read(documentProperties, DATA_EPOCH_PROPERTY);
}

function bump(properties: PropertiesPort, key: string, nowMs: number): void {
  // A timestamp, not a counter: two users bumping at once cannot land on the same value twice.
  properties.set(key, `${nowMs.toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`);
}

export function startNewCacheGeneration(documentProperties: PropertiesPort, nowMs: number): void {
  bump(documentProperties, GENERATION_PROPERTY, nowMs);
}

export function startNewDataEpoch(documentProperties: PropertiesPort, nowMs: number): void {
  bump(documentProperties, DATA_EPOCH_PROPERTY, nowMs);
}
