import { AffiseClient } from '../../provider/affise/client';
import { cacheGeneration, dataEpoch } from '../cache-generation';
import { ChunkedCache } from '../chunked-cache';
import type { ConnectionWithKey } from '../connections';
import type { AppServices } from '../services';
import { affiseConnection } from './account';
import { affiseReportSource, type AffiseReportSource } from './report-source';
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

function sourceFor(services: AppServices, account: ConnectionWithKey): { source: CachedAffiseSource; namespace: string } {
  const namespace = `${account.fingerprint}.${cacheGeneration(services.documentProperties)}`;
  const source = new CachedAffiseSource({
    client: affiseClientFor(services, account),
    cache: new ChunkedCache(services.documentCache, services.codec),
    namespace,
    listEpoch: dataEpoch(services.documentProperties),
    nowMs: services.clock.now(),
  });
  return { source, namespace };
}

/** Affise data for the named connection (or the only Affise one) through the document cache. */
export function openAffiseSource(services: AppServices, accountName: string | null): CachedAffiseSource {
  return sourceFor(services, affiseConnection(services, accountName)).source;
}

/** What Affise reports read for the named connection (or the only Affise one). */
export function openAffiseReportSource(services: AppServices, accountName: string | null): AffiseReportSource {
  const { source, namespace } = sourceFor(services, affiseConnection(services, accountName));
  return affiseReportSource(source, services.documentCache, namespace);
}
