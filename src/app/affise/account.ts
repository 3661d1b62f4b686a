import { resolveConnection } from '../account';
import { ConnectionStore, type ConnectionWithKey } from '../connections';
import type { AppServices } from '../services';

/**
 * The Affise connection a call uses (named by `account`, or the only Affise one), with its key,
 * read once per call. Throws a message naming the connections when the choice is missing or wrong.
 */
export function affiseConnection(services: AppServices, account: string | null): ConnectionWithKey {
  const store = new ConnectionStore(services.userProperties);
  return store.withKey(resolveConnection(store, 'affise', account), services.codec);
}
