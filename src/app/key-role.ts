import type { KeyType } from '../provider/everflow/rate-pacer';
import type { ConnectionWithKey } from './connections';
import type { AppServices } from './services';

/**
 * Whether an Everflow key is a partner's (affiliate) or a network's. Test connection finds out and
 * stores it in the connection's record (src/app/connections.ts), with the key's network; a report
 * run that finds out stores it too. A custom function may not write user properties: one that
 * finds out (a record from before roles were kept) keeps the answer in the document cache, under
 * the key's fingerprint (never the key), and Everflow's 403 taught it (see RoleFindingProvider).
 */
export type KeyRole = KeyType;

const roleCacheKey = (fingerprint: string): string => `R:${fingerprint}`;
const ROLE_CACHE_SECONDS = 21_600;

function parseRole(text: string | null): KeyRole | null {
  return text === 'affiliate' || text === 'network' ? text : null;
}

/** The key's role: its record's, else one a call found out and cached; null while nobody knows. */
export function knownKeyRole(services: AppServices, connection: ConnectionWithKey): KeyRole | null {
  if (connection.provider !== 'everflow') return null;
  return connection.role ?? parseRole(services.documentCache.get(roleCacheKey(connection.fingerprint)));
}

/** What is stored about a key that is removed: its cached role goes with it (its record goes with the connection). */
export function forgetKeyRole(services: AppServices, fingerprint: string): void {
  services.documentCache.remove(roleCacheKey(fingerprint));
}

/** A role found by a call (a custom function may not write user properties): kept in the document cache. */
export function cacheKeyRole(services: AppServices, fingerprint: string, role: KeyRole): void {
  services.documentCache.put(roleCacheKey(fingerprint), role, ROLE_CACHE_SECONDS);
}
