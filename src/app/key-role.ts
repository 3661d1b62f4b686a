import type { KeyType } from '../provider/everflow/rate-pacer';
import type { AppServices } from './services';

/**
 * Whether an Everflow key is a partner's (affiliate) or a network's. Test connection finds out and
 * stores it with the connection (user properties, under the key's fingerprint: never the key). A
 * call that finds none stored takes the key for a partner's and learns otherwise from Everflow's
 * 403 (see RoleFindingProvider), keeping the answer in the document cache, since a custom
 * function may not write user properties.
 */
export type KeyRole = KeyType;

const roleProperty = (fingerprint: string): string => `eflow.role.${fingerprint}`;
const roleCacheKey = (fingerprint: string): string => `R:${fingerprint}`;
const ROLE_CACHE_SECONDS = 21_600;

function parseRole(text: string | null): KeyRole | null {
  return text === 'affiliate' || text === 'network' ? text : null;
}

export function storedKeyRole(services: AppServices, fingerprint: string): KeyRole | null {
  return parseRole(services.userProperties.get(roleProperty(fingerprint))) ?? parseRole(services.documentCache.get(roleCacheKey(fingerprint)));
}

export function storeKeyRole(services: AppServices, fingerprint: string, role: KeyRole): void {
  services.userProperties.set(roleProperty(fingerprint), role);
  services.documentCache.put(roleCacheKey(fingerprint), role, ROLE_CACHE_SECONDS);
}

const currenciesProperty = (fingerprint: string): string => `eflow.currencies.${fingerprint}`;

/** The currencies Test connection saw in every invoice the key sees (sorted); null when never tested. */
export function knownCurrencies(services: AppServices, fingerprint: string): string[] | null {
  try {
    const parsed: unknown = JSON.parse(services.userProperties.get(currenciesProperty(fingerprint)) ?? 'null');
    return Array.isArray(parsed) && parsed.every((code) => typeof code === 'string') ? (parsed as string[]) : null;
  } catch {
    return null;
  }
}

export function storeKnownCurrencies(services: AppServices, fingerprint: string, currencies: readonly string[]): void {
  services.userProperties.set(currenciesProperty(fingerprint), JSON.stringify(currencies));
}

/** What is stored about a key that is removed: its role and currencies go with it. */
export function forgetKeyRole(services: AppServices, fingerprint: string): void {
  services.userProperties.delete(roleProperty(fingerprint));
  services.userProperties.delete(currenciesProperty(fingerprint));
  services.documentCache.remove(roleCacheKey(fingerprint));
}

/** A role found by a call (a custom function may not write user properties): kept in the document cache. */
export function cacheKeyRole(services: AppServices, fingerprint: string, role: KeyRole): void {
  services.documentCache.put(roleCacheKey(fingerprint), role, ROLE_CACHE_SECONDS);
}
