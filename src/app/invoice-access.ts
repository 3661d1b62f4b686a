import { EverflowClient } from '../provider/everflow/client';
import type { CodecPort } from '../ports/codec';
import { resolveConnection } from './account';
import { cacheGeneration, dataEpoch } from './cache-generation';
import { CachedBucketMemory } from './cached-bucket-memory';
import { ChunkedCache } from './chunked-cache';
import { ConnectionStore, type ConnectionWithKey } from './connections';
import { CachedInvoiceSource } from './invoice-source';
import { cacheKeyRole, knownKeyRole, type KeyRole } from './key-role';
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

/**
 * Where a key's rate-limit bucket is kept in the document cache (never the key itself: a hash).
 * Everflow counts one bucket per network, shared by all its keys: network keys of one network
 * share it, told by the `network_id` a test or a report run saw in their invoices, on the same API host. A network
 * key whose network is not known yet (untested, or no invoice seen) shares the bucket of the
 * host's network keys of unknown network: a key never gets a bucket of its own that would let two
 * keys of one network spend the limit twice. A partner key keeps a bucket per key (Everflow's is
 * per partner, whose id its list does not carry).
 */
export function bucketCacheKey(codec: CodecPort, connection: ConnectionWithKey, keyType: KeyRole): string {
  if (keyType !== 'network' || connection.provider !== 'everflow') return `B:${connection.fingerprint}`;
  return `B:n:${codec.sha256Hex(`${connection.apiRoot}\nnetwork\n${connection.networkId ?? 'unknown'}`).slice(0, 16)}`;
}

/** The Everflow client of a connection whose key's role is given. */
export function everflowClient(services: AppServices, connection: ConnectionWithKey, keyType: KeyRole): EverflowClient {
  return new EverflowClient({
    keyType,
    bucketMemory: new CachedBucketMemory(services.documentCache, bucketCacheKey(services.codec, connection, keyType), services.userLock),
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
 * How a provider treats the key's role. `find` (Test connection) asks Everflow even when a role is
 * stored, so the role it ends with is Everflow's; `record` keeps a role found in the connection's
 * record (callers that may write user properties: reports, the sidebar), else (custom functions,
 * or the first version's single key, which only a change from the sidebar or menu migrates) it
 * goes to the document cache.
 */
export interface RoleOptions {
  find?: boolean;
  record?: boolean;
}

/** A connection's provider: its key's role as stored, or a partner's until Everflow's 403 says otherwise. */
export function everflowProvider(services: AppServices, connection: ConnectionWithKey, options: RoleOptions = {}): RoleFindingProvider {
  const known = knownKeyRole(services, connection);
  return new RoleFindingProvider(
    (role) => everflowClient(services, connection, role),
    known ?? 'affiliate',
    options.find === true || known === null,
    (role) => {
      if (role === known) return;
      const recorded = options.record === true && new ConnectionStore(services.userProperties).recordKeyFacts(connection.id, { role, networkId: null }, false);
      if (!recorded) cacheKeyRole(services, connection.fingerprint, role);
    },
    // A network key's network not known yet: a run that may write the record keeps the one its list shows (its bucket from the next run on).
    options.record === true && connection.provider === 'everflow' && connection.networkId === undefined
      ? (networkId) => void new ConnectionStore(services.userProperties).recordKeyFacts(connection.id, { role: 'network', networkId }, false)
      : null,
  );
}

/** The invoice provider of an Everflow connection (by name, or the only one); a role found is recorded with the connection. */
export function openProvider(services: AppServices, account: string | null): RoleFindingProvider {
  return everflowProvider(services, everflowConnection(services, account), { record: true });
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
