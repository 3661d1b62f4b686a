import { EverflowClient } from '../provider/everflow/client';
import type { EverflowInvoiceProvider } from '../provider/provider';
import { resolveConnection } from './account';
import { cacheGeneration, dataEpoch } from './cache-generation';
import { CachedBucketMemory } from './cached-bucket-memory';
import { ChunkedCache } from './chunked-cache';
import { ConnectionStore, type ConnectionWithKey } from './connections';
import { CachedInvoiceSource } from './invoice-source';
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

export function everflowProvider(services: AppServices, connection: ConnectionWithKey): EverflowInvoiceProvider {
  return new EverflowClient({
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

/** The invoice provider of an Everflow connection (by name, or the only one). */
export function openProvider(services: AppServices, account: string | null): EverflowInvoiceProvider {
  return everflowProvider(services, everflowConnection(services, account));
}

/** Cached invoices of an Everflow connection: cache keys carry the connection's fingerprint, never its key. */
export function openInvoiceSource(services: AppServices, account: string | null): CachedInvoiceSource {
  const connection = everflowConnection(services, account);
  return new CachedInvoiceSource({
    provider: everflowProvider(services, connection),
    cache: new ChunkedCache(services.documentCache, services.codec),
    namespace: `${connection.fingerprint}.${cacheGeneration(services.documentProperties)}`,
    listEpoch: dataEpoch(services.documentProperties),
    clock: services.clock,
  });
}
