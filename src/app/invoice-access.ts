import { EverflowClient } from '../provider/everflow/client';
import type { EverflowInvoiceProvider } from '../provider/provider';
import { resolveConnection } from './account';
import { cacheGeneration, dataEpoch } from './cache-generation';
import { CachedBucketMemory } from './cached-bucket-memory';
import { ChunkedCache } from './chunked-cache';
import { ConnectionStore, type ConnectionWithKey } from './connections';
import { CachedInvoiceSource } from './invoice-source';
import { cacheKeyRole, storedKeyRole, type KeyRole } from './key-role';
import { RoleFindingProvider } from './role-finding-provider';
import type { AppServices } from './services';

/**
 * The Everflow connection a call uses (named by `account`, or the only one), with its key: read
 * once per call (each property read is a round trip in Apps Script). Throws a message naming the
 * connections when the choice is missing or wrong.
 */
export function everflowConnection(services: AppServices, account: string | null): ConnectionWithKey {
  const store = new ConnectionStore(services.userProperties);
  return store.withKey(resolveConnection(store, 'everflow', account), services.codec);
}

/** The Everflow client of a connection whose key's role is given. */
export function everflowClient(services: AppServices, connection: ConnectionWithKey, keyType: KeyRole): EverflowClient {
  return new EverflowClient({
    keyType,
    bucketMemory: new CachedBucketMemory(services.documentCache, `B:${connection.fingerprint}`, services.userLock),
    http: services.http,
    clock: services.clock,
    sleeper: services.sleeper,
    apiKey: connection.apiKey,
    baseUrl: connection.apiRoot,
    zones: services.zones,
    random: services.random,
    log: services.log,
  });
}

/**
 * A connection's provider: its key's role as stored, or a partner's until Everflow's 403 says
 * otherwise. `findRole` (Test connection) asks even when a role is stored, so the role it ends
 * with is Everflow's.
 */
export function everflowProvider(services: AppServices, connection: ConnectionWithKey, findRole = false): RoleFindingProvider {
  const known = storedKeyRole(services, connection.fingerprint);
  return new RoleFindingProvider(
    (role) => everflowClient(services, connection, role),
    known ?? 'affiliate',
    findRole || known === null,
    (role) => cacheKeyRole(services, connection.fingerprint, role),
  );
}

/** The invoice provider of an Everflow connection (by name, or the only one). */
export function openProvider(services: AppServices, account: string | null): EverflowInvoiceProvider {
  return everflowProvider(services, everflowConnection(services, account));
}

/**
 * Cached invoices of an Everflow connection (cache keys carry the connection's fingerprint, never
 * its key), and its provider, whose `role` is known once a call went through.
 */
export function openInvoiceSource(services: AppServices, account: string | null): { source: CachedInvoiceSource; provider: RoleFindingProvider } {
  const connection = everflowConnection(services, account);
  const provider = everflowProvider(services, connection);
  const source = new CachedInvoiceSource({
    provider,
    cache: new ChunkedCache(services.documentCache, services.codec),
    namespace: `${connection.fingerprint}.${cacheGeneration(services.documentProperties)}`,
    listEpoch: dataEpoch(services.documentProperties),
    clock: services.clock,
  });
  return { source, provider };
}
