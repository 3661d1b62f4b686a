import { DEMO_AFFILIATE_KEY } from '../../../test-support/fake-everflow';

/** Small fetch helpers for the fake API tests: real loopback HTTP, nothing mocked. */

export const LIST_PATH = '/affiliates/billings/affiliates/invoicestable';
export const DETAIL_PATH = '/affiliates/billings/affiliates/invoices/';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
}

export async function request(
  baseUrl: string,
  path: string,
  init: { method?: 'GET' | 'POST' | 'PUT' | 'PATCH'; key?: string | null; body?: string; query?: Record<string, string | number>; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const { method = 'GET', key = DEMO_AFFILIATE_KEY, body, query = {} } = init;
  const search = new URLSearchParams(Object.entries(query).map(([name, value]): [string, string] => [name, String(value)])).toString();
  const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers };
  if (key !== null) headers['X-Eflow-API-Key'] = key;
  const response = await fetch(`${baseUrl}${path}${search ? `?${search}` : ''}`, { method, headers, body });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

export async function list(
  baseUrl: string,
  filters: Record<string, unknown> = {},
  query: Record<string, string | number> = {},
  key: string | null = DEMO_AFFILIATE_KEY,
): Promise<Reply> {
  return request(baseUrl, LIST_PATH, { method: 'POST', key, body: JSON.stringify({ filters }), query });
}

export async function detail(baseUrl: string, id: number | string, key: string | null = DEMO_AFFILIATE_KEY): Promise<Reply> {
  return request(baseUrl, `${DETAIL_PATH}${id}`, { key });
}

/** Parses a JSON reply into a record; the tests then read fields by name. */
export function json(reply: Reply): Record<string, unknown> {
  const value: unknown = JSON.parse(reply.text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`not a JSON object: ${reply.text.slice(0, 80)}`);
  return value as Record<string, unknown>;
}

export function records(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) throw new Error('not an array');
  return value as Record<string, unknown>[];
}

/** A decimal amount (number or numeric string, as quirks send) in integer cents. */
export function cents(value: unknown): number {
  if (typeof value !== 'number' && typeof value !== 'string') throw new Error(`not an amount: ${String(value)}`);
  return Math.round(Number(value) * 100);
}
