import { networkListBody } from '../../../../src/provider/everflow/network';
import { normalizeNetworkListItem, networkListInvoiceSchema } from '../../../../src/provider/everflow/network';
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
