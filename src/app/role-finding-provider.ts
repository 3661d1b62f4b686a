import type { EverflowInvoiceDetail, EverflowInvoiceFilters, EverflowInvoiceListItem } from '../model/invoice';
import type { Deadline } from '../ports/clock';
import type { EverflowClient } from '../provider/everflow/client';
import { AuthenticationError, ForbiddenError, isKeyRefusal, type KeyRefusal } from '../provider/everflow/errors';
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
 * A key refused on the side its stored role names: it is no longer what it was when tested. A 403
 * says Everflow knows the key; a 401 may be a key revoked, or one of the other kind (some Everflow
 * pages answer 401 for it): a test tells which.
 */
export class KeyRoleChangedError extends Error {
  override name = 'KeyRoleChangedError';

  constructor(
    readonly storedRole: KeyRole,
    readonly refusal: KeyRefusal,
  ) {
    const side = storedRole === 'network' ? 'network' : 'partner (affiliate)';
    const [verb, status, could] =
      refusal instanceof ForbiddenError
        ? ['refused', 403, 'the key may have been replaced in Everflow, changed type, or lost its permission to read invoices']
        : ['rejected', 401, 'the key may have been revoked or replaced in Everflow, or changed type (Everflow may answer 401 to a key of the other kind)'];
    super(
      `Everflow ${verb} this connection's key on its ${side} endpoints (${status} ${refusal.everflowMessage}), though it was a ${side} key when last tested: ${could}. ` +
        'Test the connection again to find out what the key is now: Extensions > Affiliate Billing > Open sidebar > Connection > Test.' +
        (refusal instanceof ForbiddenError ? '' : ' If the test rejects it too, set a valid key there.'),
      { cause: refusal },
    );
  }
}

/**
 * What a key refused on both sides is: a 403 on either side means Everflow knows the key but it may
 * read neither (KeyRefusedError); a 401 on both, that Everflow knows no such key (the partner
 * side's 401, as before networks).
 */
function refusedByBoth(partner: KeyRefusal, network: KeyRefusal): Error {
  const forbidden = partner instanceof ForbiddenError ? partner : network instanceof ForbiddenError ? network : null;
  return forbidden ? new KeyRefusedError(forbidden) : partner;
}

/**
 * An Everflow provider whose key's role may be a guess. Until Test connection has stored it, a key
 * is taken for a partner's (what every key was before networks): that costs a partner key
 * nothing. A network key then draws one refusal from the partner side (403 "Out of realm", or
 * 401: both are taken, either way round); the role is asked of Everflow (one request), remembered
 * through `onFound`, and the call goes again as a network's. A guess of a network key (Test
 * connection starts from the role last stored) that is refused goes again as a partner's. A role
 * that is known (not a guess) costs no extra request: a 403 or 401 then means the key changed, and
 * says so (KeyRoleChangedError).
 */
export class RoleFindingProvider implements EverflowInvoiceProvider {
  private client: EverflowClient;
  private readonly spent: RequestStats[] = [];

  constructor(
    private readonly clientFor: (role: KeyRole) => EverflowClient,
    private currentRole: KeyRole,
    private guessed: boolean,
    private readonly onFound: (role: KeyRole) => void,
    /** Hears the network of a network key's invoices (`network_id`), once, when someone wants to keep it. */
    private onNetworkSeen: ((networkId: number) => void) | null = null,
  ) {
    this.client = clientFor(currentRole);
  }

  /** The role the last call used: known once a call has gone through. */
  get role(): KeyRole {
    return this.currentRole;
  }

  /** True until a call has shown the role: until then `role` is a guess. */
  get roleIsGuess(): boolean {
    return this.guessed;
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
    const invoices = this.attempt(deadline, (client) => client.listInvoices(filters, deadline));
    const networkId = this.currentRole === 'network' ? invoices.find((invoice) => invoice.network?.networkId != null)?.network?.networkId : undefined;
    if (networkId != null && this.onNetworkSeen) {
      this.onNetworkSeen(networkId);
      this.onNetworkSeen = null;
    }
    return invoices;
  }

  fetchInvoiceDetails(ids: readonly number[], deadline: Deadline, onDetail: (detail: EverflowInvoiceDetail) => void): void {
    this.attempt(deadline, (client) => client.fetchInvoiceDetails(ids, deadline, onDetail));
  }

  countInvoices(filters: EverflowInvoiceFilters, deadline: Deadline): number {
    return this.attempt(deadline, (client) => client.countInvoices(filters, deadline));
  }

  private attempt<T>(deadline: Deadline, call: (client: EverflowClient) => T): T {
    let answer: T;
    try {
      answer = call(this.client);
    } catch (error) {
      if (!this.guessed) throw isKeyRefusal(error) ? new KeyRoleChangedError(this.currentRole, error) : error;
      const networkOnly = error instanceof NetworkOnlyFilterError ? error : null;
      if (!(isKeyRefusal(error) || networkOnly)) throw error;
      this.guessed = false;
      if (this.currentRole === 'network') {
        // A guessed network key refused: the partner side is the other one there is.
        this.switchTo('affiliate');
        try {
          answer = call(this.client);
        } catch (second) {
          throw isKeyRefusal(second) && isKeyRefusal(error) ? refusedByBoth(second, error) : second;
        }
        this.onFound('affiliate');
        return answer;
      }
      // A refusal by the partner side, or a filter only a network has: ask the network side.
      const networkRefusal = this.client.refusalBy('network', deadline);
      if (networkRefusal !== null) {
        if (!networkOnly) throw refusedByBoth(error as KeyRefusal, networkRefusal);
        // A 401 there is a partner key's (where Everflow answers 401 for the other kind of key) or an unknown key's: the partner side tells which.
        if (networkRefusal instanceof AuthenticationError) {
          const partnerRefusal = this.client.refusalBy('affiliate', deadline);
          if (partnerRefusal !== null) throw refusedByBoth(partnerRefusal, networkRefusal);
          this.onFound('affiliate');
        }
        throw networkOnly;
      }
      this.onFound('network');
      this.switchTo('network');
      return call(this.client);
    }
    // A guess the key's side answered is the role.
    if (this.guessed) {
      this.guessed = false;
      this.onFound(this.currentRole);
    }
    return answer;
  }

  private switchTo(role: KeyRole): void {
    this.spent.push(this.client.stats);
    this.currentRole = role;
    this.client = this.clientFor(role);
  }
}
