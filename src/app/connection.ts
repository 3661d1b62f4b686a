import type { Deadline } from '../ports/clock';
import { AffiseClient } from '../provider/affise/client';
import { startNewCacheGeneration } from './cache-generation';
import { ConnectionStore, endpointLabel, maskKey, type ConnectionWithKey } from './connections';
import { everflowProvider } from './invoice-access';
import { NO_FILTERS } from './invoice-source';
import type { KeyRole } from './key-role';
import type { AppServices, Call } from './services';

/** What a test of a connection reached. Never holds the key itself. */
export type ConnectionReport =
  | {
      provider: 'everflow';
      name: string;
      /** "US", "EU", or the development API's address when one is set. */
      endpoint: string;
      maskedKey: string;
      /** A partner (affiliate) key sees its own invoices; a network key every partner's. */
      role: KeyRole;
      invoiceCount: number;
      /** Currencies of the invoices the key sees, sorted. */
      currencies: string[];
    }
  | { provider: 'affise'; name: string; endpoint: string; maskedKey: string; user: AffiseUser };

/** The person behind an Affise key (`GET /3.1/user/me`). */
export interface AffiseUser {
  name: string;
  email: string | null;
}

/** Asks Affise who a key belongs to: `affiseUserProbe` in the add-on, a stand-in in unit tests (null: none available). */
export interface AffiseUserProbe {
  whoAmI(connection: ConnectionWithKey, deadline: Deadline): AffiseUser;
}

/** The Affise client's `GET /3.1/user/me`, for the connection test. */
export function affiseUserProbe(services: AppServices): AffiseUserProbe {
  return {
    whoAmI: (connection, deadline) => {
      const client = new AffiseClient({
        http: services.http,
        clock: services.clock,
        sleeper: services.sleeper,
        apiKey: connection.apiKey,
        baseUrl: connection.apiRoot,
        random: services.random,
        log: services.log,
      });
      const user = client.getCurrentUser(deadline);
      return { name: user.name ?? user.email ?? (user.id === null ? 'a user without a name' : `user ${user.id}`), email: user.email };
    },
  };
}

export class ConnectionTestUnavailableError extends Error {
  override name = 'ConnectionTestUnavailableError';
}

/**
 * Proves a connection works end to end. Everflow: lists every invoice the key sees
 * (ceil(N / 2000) requests), finding out on the way whether it is a partner or a network key (a
 * key whose stored role is wrong, or none: one 403 and one more request), and stores that and its
 * network in the connection's record, and reports the currencies seen. Affise: one `GET /3.1/user/me`.
 */
export function describeConnection({ services, deadline }: Call, connection: ConnectionWithKey, affise: AffiseUserProbe | null): ConnectionReport {
  const common = { name: connection.name, endpoint: endpointLabel(connection), maskedKey: maskKey(connection.apiKey) };
  if (connection.provider === 'affise') {
    if (affise === null) throw new ConnectionTestUnavailableError('This version of the add-on cannot test an Affise key yet.');
    return { provider: 'affise', ...common, user: affise.whoAmI(connection, deadline) };
  }
  const provider = everflowProvider(services, connection, { find: true });
  const invoices = provider.listInvoices(NO_FILTERS, deadline);
  const { role } = provider;
  const networkId = role === 'network' ? (invoices.find((invoice) => invoice.network?.networkId != null)?.network?.networkId ?? null) : null;
  new ConnectionStore(services.userProperties).recordKeyFacts(connection.id, { role, networkId });
  const currencies = [...new Set(invoices.flatMap((invoice) => (invoice.currency ? [invoice.currency] : [])))].sort();
  return { provider: 'everflow', ...common, role, invoiceCount: invoices.length, currencies };
}

/** One line for the menu: where the connection reached and what it sees; named when there are several. */
export function connectionReportText(report: ConnectionReport, named: boolean): string {
  const start = named ? `"${report.name}": connected` : 'Connected';
  if (report.provider === 'affise') {
    const email = report.user.email ? ` (${report.user.email})` : '';
    return `${start} to Affise at ${report.endpoint} as ${report.user.name}${email}, key ${report.maskedKey}.`;
  }
  const currencies = report.currencies.length > 0 ? ` in ${report.currencies.join(', ')}` : '';
  const sees = report.role === 'network' ? 'This network key sees every partner’s invoices: ' : 'This key sees ';
  return `${start} to Everflow (${report.endpoint}) with key ${report.maskedKey}. ${sees}${report.invoiceCount.toLocaleString('en-US')} invoices${currencies}.`;
}

export function clearCachedData(services: AppServices): void {
  startNewCacheGeneration(services.documentProperties, services.clock.now());
}

/** How the Connection panel names a key's role. */
export function keyRoleLabel(role: KeyRole): string {
  return role === 'network' ? 'Network API key (every partner’s invoices)' : 'Affiliate (partner) API key';
}
