import { networkListBody } from '../../../../src/provider/everflow/network';
import { normalizeNetworkListItem, networkListInvoiceSchema } from '../../../../src/provider/everflow/network';
import { Deadline } from '../../../../src/ports/clock';
import type { HttpOutcome, HttpPort, HttpRequest } from '../../../../src/ports/http';
import { EverflowClient } from '../../../../src/provider/everflow/client';
import type { EverflowInvoiceDetail } from '../../../../src/model/invoice';
import { SharedClock } from '../../../../test-support/clock';
import { IntlZoneRules } from '../../../../test-support/intl-zone-rules';

const none = { status: null, startDate: null, endDate: null, minBalance: null, maxBalance: null, affiliateIds: null, search: null } as const;

describe('network list body', () => {
  it('sends each filter under both of the names Everflow’s pages give it, and only the filters set', () => {
    expect(JSON.parse(networkListBody(none))).toEqual({ filters: {} });
    expect(
      JSON.parse(networkListBody({ status: 'deleted', startDate: '2026-01-01', endDate: '2026-01-31', minBalance: 0, maxBalance: 10.5, affiliateIds: [3, 4], search: '  Acme ' })),
    ).toEqual({
      search_terms: ['Acme'],
      filters: {
        status: 'deleted',
        affiliate_invoice_status: 'deleted',
        affiliate_ids: [3, 4],
        network_affiliate_ids: [3, 4],
        date_from: '2026-01-01',
        min_start_time: '2026-01-01',
        date_to: '2026-01-31',
        max_end_time: '2026-01-31',
        balance_from: 0,
        min_balance: 0,
        balance_to: 10.5,
        max_balance: 10.5,
      },
    });
  });

  it('leaves out an empty search and an empty list of partners', () => {
    expect(JSON.parse(networkListBody({ ...none, search: '   ', affiliateIds: [] }))).toEqual({ filters: {} });
  });
});

describe('network list rows', () => {
  it('reads the partner and the status under either name Everflow’s pages give them', () => {
    const zones = new IntlZoneRules();
    const older = normalizeNetworkListItem(networkListInvoiceSchema.parse({ network_affiliate_invoice_id: 1, affiliate_id: '21', affiliate_name: 'Acme', status: 'deleted' }), zones);
    expect(older).toMatchObject({ status: 'deleted', network: { affiliateId: 21, affiliateName: 'Acme' } });
    const newer = normalizeNetworkListItem(
      networkListInvoiceSchema.parse({ network_affiliate_invoice_id: 2, network_affiliate_id: 22, network_affiliate_name: 'Blue', affiliate_invoice_status: 'paid' }),
      zones,
    );
    expect(newer).toMatchObject({ status: 'paid', network: { affiliateId: 22, affiliateName: 'Blue' } });
  });

  it('reads the network’s fields loosely: flags as booleans, numbers or strings; missing ones null', () => {
    const raw = networkListInvoiceSchema.parse({
      network_affiliate_invoice_id: '12',
      network_affiliate_id: '7',
      network_affiliate_name: 'Acme',
      notes: 'old name',
      public_notes: 'seen by the partner',
      internal_notes: null,
      is_hidden_affiliate: 1,
      is_payable: 'false',
      payment_terms: 30,
      paid_date: '2026-02-01',
    });
    expect(normalizeNetworkListItem(raw, new IntlZoneRules())).toMatchObject({
      id: 12,
      notes: 'seen by the partner',
      paymentTerms: 'Net 30',
      paymentTermsDays: 30,
    });
    expect(normalizeNetworkListItem(raw, new IntlZoneRules()).network).toEqual({
      networkId: null,
      affiliateId: 7,
      affiliateName: 'Acme',
      publicNotes: 'seen by the partner',
      internalNotes: null,
      isHiddenAffiliate: true,
      isPayable: false,
      paymentType: null,
      paymentStatus: null,
      paidDate: '2026-02-01',
    });
  });
});

describe('a network’s invoice by id', () => {
  it('takes the partner from relationship.affiliate (relationship=all) when the header does not name it', () => {
    const clock = SharedClock.virtual();
    const sent: HttpRequest[] = [];
    const answer = (request: HttpRequest): HttpOutcome => {
      sent.push(request);
      const body = { network_affiliate_invoice_id: 5, status: 'unpaid', currency_id: 'USD', relationship: { details: [], payments: [], affiliate: { network_affiliate_id: '23', name: '=HYPERLINK("x")' } } };
      return { kind: 'response', status: 200, headers: { 'x-ratelimit-remaining': '49', 'x-ratelimit-limit': '50' }, body: JSON.stringify(body) };
    };
    const http: HttpPort = { fetch: answer, fetchAll: (requests) => requests.map(answer) };
    const client = new EverflowClient({ http, clock, sleeper: clock, apiKey: 'network-key', keyType: 'network', baseUrl: 'https://api.eflow.test/v1', zones: new IntlZoneRules() });
    const details: EverflowInvoiceDetail[] = [];
    client.fetchInvoiceDetails([5], Deadline.after(clock, 30_000), (detail) => details.push(detail));
    expect(details).toEqual([expect.objectContaining({ id: 5, affiliateId: 23, affiliateName: '=HYPERLINK("x")' })]);
    expect(sent.map((request) => request.url)).toEqual(['https://api.eflow.test/v1/networks/billings/affiliates/invoices/5?relationship=all']);
  });
});
