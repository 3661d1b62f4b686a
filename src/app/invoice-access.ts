import { EverflowClient } from '../provider/everflow/client';
import type { EverflowInvoiceProvider } from '../provider/provider';
import { cacheGeneration, dataEpoch } from './cache-generation';
import { CachedBucketMemory } from './cached-bucket-memory';
import { ChunkedCache } from './chunked-cache';
import { CachedInvoiceSource } from './invoice-source';
import type { AppServices } from './services';
import { ConnectionSettings } from './settings';

/** The user's stored connection, read once per call (each property read is a round trip in Apps Script). */
interface StoredConnection {
  apiKey: string;
  baseUrl: string;
  /** Cache keys never hold the key itself: a short hash of host and key tells accounts apart. */
  fingerprint: string;
}

/** Throws a "set a key" message when no key is stored. */
function storedConnection(services: AppServices): StoredConnection {
  const settings = new ConnectionSettings(services.userProperties);
  const apiKey = settings.requireApiKey();
  const baseUrl = settings.baseUrl();
  return { apiKey, baseUrl, fingerprint: services.codec.sha256Hex(`${baseUrl}\n${apiKey}`).slice(0, 16) };
}

function providerFor(services: AppServices, connection: StoredConnection): EverflowInvoiceProvider {
  return new EverflowClient({
    bucketMemory: new CachedBucketMemory(services.documentCache, `B:${connection.fingerprint}`, services.userLock),
    http: services.http,
    clock: services.clock,
    sleeper: services.sleeper,
    apiKey: connection.apiKey,
    baseUrl: connection.baseUrl,
    zones: services.zones,
    random: services.random,
    log: services.log,
  });
}

/** The invoice provider for the user's stored connection; throws a "set a key" message without one. */
export function openProvider(services: AppServices): EverflowInvoiceProvider {
  return providerFor(services, storedConnection(services));
}

export function openInvoiceSource(services: AppServices): CachedInvoiceSource {
  const connection = storedConnection(services);
  return new CachedInvoiceSource({
    provider: providerFor(services, connection),
    cache: new ChunkedCache(services.documentCache, services.codec),
    namespace: `${connection.fingerprint}.${cacheGeneration(services.documentProperties)}`,
    listEpoch: dataEpoch(services.documentProperties),
    clock: services.clock,
  });
}
