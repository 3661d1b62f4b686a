import type { EverflowInvoiceDetail, EverflowInvoiceFilters, EverflowInvoiceListItem } from '../model/invoice';
import type { Deadline } from '../ports/clock';
import type { EverflowClient } from '../provider/everflow/client';
import { ForbiddenError } from '../provider/everflow/errors';
import { NetworkOnlyFilterError } from '../provider/everflow/network';
import type { EverflowInvoiceProvider, RequestStats } from '../provider/provider';
import type { KeyRole } from './key-role';

/** A key that Everflow's partner and network endpoints both refuse (403). */
export class KeyRefusedError extends Error {
  override name = 'KeyRefusedError';

  constructor(readonly refusal: ForbiddenError) {
    super(
      `Everflow refused this API key on its partner and its network endpoints alike (403 ${refusal.everflowMessage}): the key may lack the permission to read invoices, or belong to another kind of account. ` +
        'Check the key in Everflow (partner portal: My Account > API; network: the API keys of your Control Center), then set it again: Extensions > Affiliate Billing > Open sidebar > Connection.',
      { cause: refusal },
    );
  }
}

/**
 * An Everflow provider whose key's role may be a guess. Until Test connection has stored it, a key
 * is taken for a partner's (what every key was before networks): that costs a partner key
 * nothing. A network key then draws one 403 "Out of realm"; the role is asked of Everflow (one
 * request), remembered through `onFound`, and the call goes again as a network's.
 */
export class RoleFindingProvider implements EverflowInvoiceProvider {
  private client: EverflowClient;
  private readonly spent: RequestStats[] = [];

  constructor(
    private readonly clientFor: (role: KeyRole) => EverflowClient,
    private currentRole: KeyRole,
    private guessed: boolean,
    private readonly onFound: (role: KeyRole) => void,
  ) {
    this.client = clientFor(currentRole);
  }

  /** The role the last call used: known once a call has gone through. */
  get role(): KeyRole {
    return this.currentRole;
  }

  /** Every request of this provider, the guess's included. */
  get stats(): RequestStats {
    return [...this.spent, this.client.stats].reduce((sum, stats) => ({
      requests: sum.requests + stats.requests,
      rounds: sum.rounds + stats.rounds,
      rateLimited: sum.rateLimited + stats.rateLimited,
      retries: sum.retries + stats.retries,
      serverErrors: sum.serverErrors + stats.serverErrors,
    }));
  }

  listInvoices(filters: EverflowInvoiceFilters, deadline: Deadline): EverflowInvoiceListItem[] {
    return this.attempt(deadline, (client) => client.listInvoices(filters, deadline));
  }

  fetchInvoiceDetails(ids: readonly number[], deadline: Deadline, onDetail: (detail: EverflowInvoiceDetail) => void): void {
    this.attempt(deadline, (client) => client.fetchInvoiceDetails(ids, deadline, onDetail));
  }

  countInvoices(filters: EverflowInvoiceFilters, deadline: Deadline): number {
    return this.attempt(deadline, (client) => client.countInvoices(filters, deadline));
  }

  private attempt<T>(deadline: Deadline, call: (client: EverflowClient) => T): T {
    try {
      return call(this.client);
    } catch (error) {
      // A refusal by the partner side, or a filter only a network has, when the role is a guess: ask the network side.
      const networkOnly = error instanceof NetworkOnlyFilterError;
      if (!this.guessed || !(error instanceof ForbiddenError || networkOnly)) throw error;
      this.guessed = false;
      if (!this.client.acceptsNetworkEndpoints(deadline)) throw networkOnly ? error : new KeyRefusedError(error as ForbiddenError);
      this.onFound('network');
      this.spent.push(this.client.stats);
      this.currentRole = 'network';
      this.client = this.clientFor('network');
      return call(this.client);
    }
  }
}
