import { EverflowClient } from '../provider/everflow/client';
import type { InvoiceProvider } from '../provider/provider';
import { cacheGeneration, dataEpoch } from './cache-generation';
import { CachedBucketMemory } from './cached-bucket-memory';
import { ChunkedCache } from './chunked-cache';
import { CachedInvoiceSource } from './invoice-source';
import type { AppServices } from './services';
import { ConnectionSettings } from './settings';

/** The invoice provider for the user's stored connection; throws a "set a key" message without one. */
export function openProvider(services: AppServices): InvoiceProvider {
  const settings = new ConnectionSettings(services.userProperties);
  return new EverflowClient({
    bucketMemory: new CachedBucketMemory(services.documentCache, `B:${accountFingerprint(services)}`),
    http: services.http,
    clock: services.clock,
    sleeper: services.sleeper,
    apiKey: settings.requireApiKey(),
    baseUrl: settings.baseUrl(),
    zones: services.zones,
    random: services.random,
    log: services.log,
  });
}

/** Cache keys never hold the key itself: a short hash of host and key tells accounts apart. */
function accountFingerprint(services: AppServices): string {
  const settings = new ConnectionSettings(services.userProperties);
  return services.codec.sha256Hex(`${settings.baseUrl()}\n${settings.requireApiKey()}`).slice(0, 16);
}

export function openInvoiceSource(services: AppServices, provider: InvoiceProvider = openProvider(services)): CachedInvoiceSource {
  return new CachedInvoiceSource({
    provider,
    cache: new ChunkedCache(services.documentCache, services.codec),
    namespace: `${accountFingerprint(services)}.${cacheGeneration(services.documentProperties)}`,
    listEpoch: dataEpoch(services.documentProperties),
  });
}
