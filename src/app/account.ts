import { ArgumentError } from './arguments';
import { ADD_CONNECTION_HINT, PROVIDER_LABELS, quoteNames, type Connection, type ConnectionStore, type ProviderName } from './connections';

/**
 * Which connection a function uses: the one its `account` argument names (any case), or without
 * one the only connection of the function's provider. Every refusal says which names exist.
 */
export function resolveConnection(store: ConnectionStore, provider: ProviderName, account: string | null): Connection {
  const label = PROVIDER_LABELS[provider];
  const all = store.list();
  const own = all.filter((connection) => connection.provider === provider);
  if (account === null) {
    const [only] = own;
    if (own.length === 1 && only) return only;
    if (own.length === 0) throw new ArgumentError('account', `No ${label} connection is set up. ${ADD_CONNECTION_HINT}`);
    throw new ArgumentError('account', `account: there are ${own.length} ${label} connections (${quoteNames(own)}); name the one to use in the account argument, the last one.`);
  }
  const wanted = account.trim().toLowerCase();
  const named = all.find((connection) => connection.name.toLowerCase() === wanted);
  const shown = JSON.stringify(account.length > 40 ? `${account.slice(0, 40)}…` : account);
  if (!named) {
    const choices = own.length === 0 ? `There is no ${label} connection yet. ${ADD_CONNECTION_HINT}` : `Your ${label} connections: ${quoteNames(own)}.`;
    throw new ArgumentError('account', `account: no connection is named ${shown}. ${choices}`);
  }
  if (named.provider !== provider) {
    const choices = own.length === 0 ? `There is no ${label} connection yet. ${ADD_CONNECTION_HINT}` : `Your ${label} connections: ${quoteNames(own)}.`;
    throw new ArgumentError('account', `account: ${JSON.stringify(named.name)} is an ${PROVIDER_LABELS[named.provider]} connection, and this function reads ${label}. ${choices}`);
  }
  return named;
}
