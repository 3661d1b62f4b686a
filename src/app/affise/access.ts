import { AffiseClient } from '../../provider/affise/client';
import { cacheGeneration, dataEpoch } from '../cache-generation';
import { ChunkedCache } from '../chunked-cache';
import type { AppServices } from '../services';
import type { ConnectionWithKey } from '../connections';
import { affiseConnection } from './account';
import { CachedAffiseSource } from './source';

export function affiseClientFor(services: AppServices, account: ConnectionWithKey): AffiseClient {
  return new AffiseClient({
    http: services.http,
    clock: services.clock,
    sleeper: services.sleeper,
    apiKey: account.apiKey,
    baseUrl: account.apiRoot,
    random: services.random,
    log: services.log,
  });
}

/** Affise data for the named connection (or the only Affise one) through the document cache. */
export function openAffiseSource(services: AppServices, accountName: string | null): CachedAffiseSource {
  const account = affiseConnection(services, accountName);
  return new CachedAffiseSource({
    client: affiseClientFor(services, account),
    cache: new ChunkedCache(services.documentCache, services.codec),
    namespace: `${account.fingerprint}.${cacheGeneration(services.documentProperties)}`,
    listEpoch: dataEpoch(services.documentProperties),
    nowMs: services.clock.now(),
  });
}
