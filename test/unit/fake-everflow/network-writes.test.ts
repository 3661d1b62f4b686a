import { SharedClock } from '../../../test-support/clock';
import { DEMO_AFFILIATE_ID, DEMO_AFFILIATE_KEY, DEMO_NETWORK_KEY, FakeEverflowServer, QUIRKS_OFF, invoiceTotals } from '../../../test-support/fake-everflow';
import { json, records, request, type Reply } from './http';

const INVOICES = '/networks/billings/affiliates/invoices';
const LIST = '/networks/billings/affiliates/invoicestable';

const servers: FakeEverflowServer[] = [];

async function start(): Promise<{ server: FakeEverflowServer; baseUrl: string; clock: SharedClock }> {
  const clock = SharedClock.virtual();
  const server = new FakeEverflowServer({ clock, invoiceCount: 40, networkAffiliateIds: [21, 22], quirks: QUIRKS_OFF, rateLimit: { enabled: false } });
  servers.push(server);
  return { server, baseUrl: await server.listen(), clock };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const send = (baseUrl: string, method: 'POST' | 'PUT' | 'PATCH' | 'GET', path: string, body?: unknown, key = DEMO_NETWORK_KEY): Promise<Reply> =>
  request(baseUrl, path, { method, key, body: body === undefined ? undefined : JSON.stringify(body) });

function errorText(reply: Reply): string {
  return String(json(reply).error);
}

async function listRow(baseUrl: string, id: number, status?: string): Promise<Record<string, unknown>> {
  const reply = await request(baseUrl, LIST, {
    method: 'POST',
    key: DEMO_NETWORK_KEY,
    body: JSON.stringify({ search_terms: [String(id)], filters: status ? { status } : {} }),
    query: { page_size: 2000 },
  });
  const row = records(json(reply).invoices).find((candidate) => candidate.network_affiliate_invoice_id === id);
  if (!row) throw new Error(`invoice ${id} is not listed`);
  return row;
}

describe('fake Everflow, network side: partners, hidden affiliates, internal notes', () => {
  it('lists the partners without keys too, with their names, and some invoices of hidden affiliates and with internal notes', async () => {
    const { baseUrl } = await start();
    const reply = await request(baseUrl, LIST, { method: 'POST', key: DEMO_NETWORK_KEY, body: '{}', query: { page_size: 2000 } });
    const rows = records(json(reply).invoices);
    expect(new Set(rows.map((row) => row.network_affiliate_id))).toEqual(new Set([DEMO_AFFILIATE_ID, 21, 22]));
    expect(rows.every((row) => typeof row.network_affiliate_name === 'string' && row.network_affiliate_name !== '')).toBe(true);
    expect(rows.some((row) => row.is_hidden_affiliate === true)).toBe(true);
    expect(rows.some((row) => typeof row.internal_notes === 'string' && row.internal_notes !== '')).toBe(true);
  });
});

describe('fake Everflow, network side: create, PUT, PATCH, journal', () => {
  it('creates an invoice with its line items, for the affiliate named, and journals it once', async () => {
    const { server, baseUrl } = await start();
    const created = await send(baseUrl, 'POST', INVOICES, {
      network_affiliate_id: 21,
      status: 'unpaid',
      start_time: '2026-10-01',
      end_time: '2026-10-31',
      public_notes: 'October',
      internal_notes: '=HYPERLINK("x")',
      is_hidden_affiliate: false,
      payment_terms: 30,
      details: [{ network_offer_id: 5, type: 'offer_detail', amount: 120.5, quantity: 3, notes: 'CPA' }, { type: 'adjustment', amount: '-20.50' }],
    });
    expect(created.status).toBe(200);
    const id = Number(json(created).network_affiliate_invoice_id);
    const row = await listRow(baseUrl, id);
    expect(row).toMatchObject({ network_affiliate_id: 21, affiliate_invoice_status: 'unpaid', balance: 100, billed: 100, public_notes: 'October', internal_notes: '=HYPERLINK("x")', payment_terms: 30 });
    expect(server.journal()).toEqual([expect.objectContaining({ kind: 'create', method: 'POST', invoiceIds: [id] })]);
  });

  it('refuses a create without the required fields, or for a partner it does not have, and journals nothing', async () => {
    const { server, baseUrl } = await start();
    const missing = await send(baseUrl, 'POST', INVOICES, { status: 'unpaid', start_time: '2026-10-01', end_time: '2026-10-31' });
    expect(missing.status).toBe(400);
    expect(errorText(missing)).toMatch(/network_affiliate_id/);
    const stranger = await send(baseUrl, 'POST', INVOICES, { network_affiliate_id: 999, status: 'unpaid', start_time: '2026-10-01', end_time: '2026-10-31' });
    expect(errorText(stranger)).toMatch(/no such affiliate/);
    const backwards = await send(baseUrl, 'POST', INVOICES, { network_affiliate_id: 21, status: 'unpaid', start_time: '2026-10-31', end_time: '2026-10-01' });
    expect(errorText(backwards)).toMatch(/end_time/);
    expect(server.journal()).toEqual([]);
  });

  it('PUT is a full replacement: what the invoice by id leaves out (internal notes, hidden affiliate) is wiped unless sent', async () => {
    const { server, baseUrl } = await start();
    const target = server.networkInvoices().find((invoice) => (invoice.internalNotes ?? '') !== '' && invoice.lines.length > 0);
    if (!target) throw new Error('no invoice with internal notes');
    const byId = json(await send(baseUrl, 'GET', `${INVOICES}/${target.id}?relationship=all`));
    expect(byId).not.toHaveProperty('internal_notes');
    expect(byId).not.toHaveProperty('is_hidden_affiliate');
    expect(byId).not.toHaveProperty('public_notes');

    // A PUT built from the invoice by id alone: internal notes and line items vanish.
    const careless = await send(baseUrl, 'PUT', `${INVOICES}/${target.id}`, {
      network_affiliate_id: target.affiliateId,
      status: byId.status,
      start_time: String(byId.start_time).slice(0, 10),
      end_time: String(byId.end_time).slice(0, 10),
      public_notes: 'changed',
    });
    expect(careless.status).toBe(200);
    const after = server.networkInvoices().find((invoice) => invoice.id === target.id);
    expect(after).toMatchObject({ notes: 'changed', internalNotes: '', hiddenAffiliate: false, lines: [] });
    expect(server.journal()).toEqual([expect.objectContaining({ kind: 'update', method: 'PUT', invoiceIds: [target.id] })]);
  });

  it('PUT keeps line ids sent back, refuses a line of another invoice and a change of affiliate', async () => {
    const { server, baseUrl } = await start();
    const [first, second] = server.networkInvoices().filter((invoice) => invoice.lines.length > 0);
    if (!first || !second) throw new Error('no invoices with lines');
    const base = { network_affiliate_id: first.affiliateId, status: 'unpaid', start_time: first.startTime.slice(0, 10), end_time: first.endTime.slice(0, 10) };
    const foreignLine = await send(baseUrl, 'PUT', `${INVOICES}/${first.id}`, { ...base, details: [{ network_affiliate_invoice_detail_id: second.lines[0]?.id, amount: 1 }] });
    expect(foreignLine.status).toBe(400);
    const otherAffiliate = await send(baseUrl, 'PUT', `${INVOICES}/${first.id}`, { ...base, network_affiliate_id: first.affiliateId === 21 ? 22 : 21 });
    expect(errorText(otherAffiliate)).toMatch(/keeps its affiliate/);
    const lineId = first.lines[0]?.id;
    const kept = await send(baseUrl, 'PUT', `${INVOICES}/${first.id}`, { ...base, details: [{ network_affiliate_invoice_detail_id: lineId, amount: 10, type: 'offer_detail' }] });
    expect(kept.status).toBe(200);
    expect(server.networkInvoices().find((invoice) => invoice.id === first.id)?.lines.map((line) => line.id)).toEqual([lineId]);
    expect(server.journal()).toHaveLength(1);
  });

  it('PATCH changes many statuses at once and answers per invoice; deleted invoices leave every list but a deleted filter', async () => {
    const { server, baseUrl } = await start();
    const unpaid = server.networkInvoices().filter((invoice) => invoiceTotals(invoice).status === 'unpaid').slice(0, 3).map((invoice) => invoice.id);
    const reply = await send(baseUrl, 'PATCH', INVOICES, { invoice_ids: [...unpaid, 424242], status: 'paid' });
    expect(reply.status).toBe(200);
    const results = records(json(reply).results);
    expect(results.map((result) => result.success)).toEqual([true, true, true, false]);
    for (const id of unpaid) expect((await listRow(baseUrl, id)).affiliate_invoice_status).toBe('paid');

    const [doomed] = unpaid;
    if (doomed === undefined) throw new Error('no invoice');
    expect((await send(baseUrl, 'PATCH', INVOICES, { invoice_ids: [doomed], status: 'deleted' })).status).toBe(200);
    await expect(listRow(baseUrl, doomed)).rejects.toThrow(/not listed/);
    expect((await listRow(baseUrl, doomed, 'deleted')).affiliate_invoice_status).toBe('deleted');
    expect((await request(baseUrl, `/affiliates/billings/affiliates/invoices/${doomed}`, { key: DEMO_AFFILIATE_KEY })).status).toBe(404);
    expect(server.journal().map((entry) => [entry.kind, entry.invoiceIds])).toEqual([
      ['status', unpaid],
      ['status', [doomed]],
    ]);

    const wrong = await send(baseUrl, 'PATCH', INVOICES, { invoice_ids: [doomed], status: 'cancelled' });
    expect(wrong.status).toBe(400);
    expect(errorText(wrong)).toMatch(/status/);
  });

  it('answers 403 Out of realm to a partner key on every network write', async () => {
    const { server, baseUrl } = await start();
    const reply = await send(baseUrl, 'PATCH', INVOICES, { invoice_ids: [1], status: 'paid' }, DEMO_AFFILIATE_KEY);
    expect(reply.status).toBe(403);
    expect(errorText(reply)).toBe('Out of realm');
    expect(server.journal()).toEqual([]);
  });
});
