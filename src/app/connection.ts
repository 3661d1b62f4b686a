import { startNewCacheGeneration } from './cache-generation';
import { openProvider } from './invoice-access';
import { NO_FILTERS } from './invoice-source';
import type { AppServices, Call } from './services';
import { ConnectionSettings, type Region } from './settings';

export interface ConnectionReport {
  region: Region;
  /** "US", "EU", or the development API's address when one is set. */
  endpoint: string;
  /** The key's last four characters only. */
  maskedKey: string;
  invoiceCount: number;
  /** Currencies of the invoices the key sees, sorted. */
  currencies: string[];
}

/** Proves the key works end to end: lists every invoice the key sees (ceil(N / 2000) requests). */
export function describeConnection({ services, deadline }: Call): ConnectionReport {
  const settings = new ConnectionSettings(services.userProperties);
  const invoices = openProvider(services).listInvoices(NO_FILTERS, deadline);
  const currencies = [...new Set(invoices.flatMap((invoice) => (invoice.currency ? [invoice.currency] : [])))].sort();
  return { region: settings.region(), endpoint: settings.endpointLabel(), maskedKey: settings.maskedKey() ?? '', invoiceCount: invoices.length, currencies };
}

export function clearCachedData(services: AppServices): void {
  startNewCacheGeneration(services.documentProperties, services.clock.now());
}
