import crypto from 'node:crypto';
import { VIRTUAL_SENT_AT_HEADER } from '../clock';
import { BlobFake, decodeText, encodeText, toSignedBytes } from './blob';
import type { UrlFetchQuota } from './daily-quota';
import { AppsScriptException } from './exception';
import type { EmulatorRuntime } from './runtime';
import type { SyncHttpClient } from './sync-http-client';
import type { UrlAllowlist } from './url-allowlist';
import type { WireOutcome, WireRequest } from './url-fetch-wire';

/** Apps Script's UrlFetch limits (guides/services/quotas). */
export const URL_MAX_CHARS = 2048;
export const PAYLOAD_MAX_BYTES = 50 * 1024 * 1024;
export const RESPONSE_MAX_BYTES = 50 * 1024 * 1024;
export const REQUEST_TIMEOUT_MS = 60_000;
/** How much of an error body Apps Script quotes in "Request failed..." (approximately). */
const QUOTED_RESPONSE_CHARS = 100;
const METHODS = new Set(['GET', 'DELETE', 'PATCH', 'POST', 'PUT']);
const USER_AGENT = 'Mozilla/5.0 (compatible; Google-Apps-Script; beanserver; +https://script.google.com)';
/** The script's OAuth scope for UrlFetchApp. */
export const EXTERNAL_REQUEST_SCOPE = 'https://www.googleapis.com/auth/script.external_request';

/** The options object of fetch(url, params), as the script may write it. */
interface FetchParams {
  method: string;
  headers: Array<[string, string]>;
  payload: unknown;
  contentType: string | undefined;
  muteHttpExceptions: boolean;
  followRedirects: boolean;
  validateHttpsCertificates: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalBoolean(params: Record<string, unknown>, name: string, fallback: boolean): boolean {
  const value = params[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw new AppsScriptException(`Invalid argument: ${name}`);
  return value;
}

function parseParams(raw: unknown): FetchParams {
  const params = raw === undefined || raw === null ? {} : raw;
  if (!isRecord(params)) throw new AppsScriptException('Invalid argument: params');
  const method = params.method === undefined || params.method === null ? 'GET' : String(params.method).toUpperCase();
  if (!METHODS.has(method)) throw new AppsScriptException('Invalid argument: method');
  const rawHeaders = params.headers ?? {};
  if (!isRecord(rawHeaders)) throw new AppsScriptException('Invalid argument: headers');
  const contentType = params.contentType;
  if (contentType !== undefined && contentType !== null && typeof contentType !== 'string') throw new AppsScriptException('Invalid argument: contentType');
  return {
    method,
    headers: Object.entries(rawHeaders).map(([name, value]) => [name, String(value)]),
    payload: params.payload ?? undefined,
    contentType: contentType ?? undefined,
    muteHttpExceptions: optionalBoolean(params, 'muteHttpExceptions', false),
    followRedirects: optionalBoolean(params, 'followRedirects', true),
    validateHttpsCertificates: optionalBoolean(params, 'validateHttpsCertificates', true),
  };
}

/** An object payload with a Blob among its values is sent as multipart/form-data. */
function multipart(fields: Record<string, unknown>): { body: Uint8Array; contentType: string } {
  const boundary = `----=_Part_${crypto.randomBytes(12).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value instanceof BlobFake) {
      const fileName = value.getName() ?? name;
      const type = value.getContentType() ?? 'application/octet-stream';
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`));
      parts.push(Buffer.from(value.rawBytes()));
    } else {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${String(value)}`));
    }
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: new Uint8Array(Buffer.concat(parts)), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The payload's bytes and the content type it implies when the script gives none. */
function encodePayload(payload: unknown): { body: Uint8Array; impliedType: string } {
  if (typeof payload === 'string') return { body: encodeText(payload), impliedType: 'application/x-www-form-urlencoded' };
  if (payload instanceof BlobFake) return { body: payload.rawBytes(), impliedType: payload.getContentType() ?? 'application/octet-stream' };
  if (Array.isArray(payload)) return { body: Uint8Array.from(payload, (byte) => Number(byte) & 0xff), impliedType: 'application/octet-stream' };
  if (isRecord(payload)) {
    if (Object.values(payload).some((value) => value instanceof BlobFake)) {
      const form = multipart(payload);
      return { body: form.body, impliedType: form.contentType };
    }
    const encoded = Object.entries(payload)
      .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`)
      .join('&');
    return { body: encodeText(encoded), impliedType: 'application/x-www-form-urlencoded' };
  }
  return { body: encodeText(String(payload)), impliedType: 'application/x-www-form-urlencoded' };
}

function toWireRequest(rawUrl: unknown, params: FetchParams): WireRequest {
  const url = String(rawUrl);
  if (url.length > URL_MAX_CHARS) throw new AppsScriptException('Limit Exceeded: URLFetch URL Length.');
  if (!/^https?:\/\//i.test(url)) throw new AppsScriptException(`Invalid argument: ${url}`);
  const headers = params.headers.filter(([name]) => name.toLowerCase() !== 'content-type');
  const givenType = params.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  let body: Uint8Array | null = null;
  // GET takes no payload in Apps Script.
  if (params.payload !== undefined && params.method !== 'GET') {
    const encoded = encodePayload(params.payload);
    if (encoded.body.byteLength > PAYLOAD_MAX_BYTES) throw new AppsScriptException('Limit Exceeded: URLFetch POST Size.');
    body = encoded.body;
    headers.push(['Content-Type', params.contentType ?? givenType ?? encoded.impliedType]);
  } else if (givenType !== undefined || params.contentType !== undefined) {
    headers.push(['Content-Type', params.contentType ?? givenType ?? '']);
  }
  if (!headers.some(([name]) => name.toLowerCase() === 'user-agent')) headers.push(['User-Agent', USER_AGENT]);
  return { url, method: params.method, headers, body, followRedirects: params.followRedirects, validateHttpsCertificates: params.validateHttpsCertificates };
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function failureMessage(outcome: Extract<WireOutcome, { kind: 'failure' }>, url: string): string {
  switch (outcome.reason) {
    case 'dns':
      return `DNS error: ${url}`;
    case 'timeout':
      return `Timeout: ${url}`;
    case 'too-large':
      return 'Limit Exceeded: URLFetch response size.';
    case 'invalid-url':
      return `Invalid argument: ${url}`;
    case 'tls':
      return `SSL Error ${url}`;
    default:
      return `Address unavailable: ${url}`;
  }
}

/** Apps Script's HTTPResponse. */
export class HttpResponseFake {
  constructor(
    private readonly runtime: EmulatorRuntime,
    private readonly status: number,
    /** Raw [name, value] pairs, as the server sent them. */
    private readonly headerPairs: ReadonlyArray<[string, string]>,
    private readonly body: Uint8Array,
  ) {}

  getResponseCode(): number {
    return this.runtime.invoke('HTTPResponse.getResponseCode', () => this.status);
  }

  /** Decoded with `charset`, else the charset the Content-Type names, else UTF-8. */
  getContentText(charset?: string): string {
    return this.runtime.invoke('HTTPResponse.getContentText', () => decodeText(this.body, charset ?? this.declaredCharset()));
  }

  getContent(): number[] {
    return this.runtime.invoke('HTTPResponse.getContent', () => toSignedBytes(this.body));
  }

  getBlob(): BlobFake {
    return this.runtime.invoke('HTTPResponse.getBlob', () => new BlobFake(this.runtime, this.body.slice(), this.contentType()?.split(';')[0]?.trim() ?? null));
  }

  /** One value per header; for a repeated header the last one (getAllHeaders has them all). */
  getHeaders(): Record<string, string> {
    return this.runtime.invoke('HTTPResponse.getHeaders', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of this.headerPairs) headers[name] = value;
      return headers;
    });
  }

  /** Repeated headers (Set-Cookie) come as arrays. */
  getAllHeaders(): Record<string, string | string[]> {
    return this.runtime.invoke('HTTPResponse.getAllHeaders', () => {
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of this.headerPairs) {
        const existing = headers[name];
        headers[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
      }
      return headers;
    });
  }

  private contentType(): string | undefined {
    return this.headerPairs.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  }

  private declaredCharset(): string | undefined {
    return /charset=["']?([^;"'\s]+)/i.exec(this.contentType() ?? '')?.[1];
  }
}

/** What UrlFetchApp counts, for tests. */
export interface UrlFetchCounter {
  requests: number;
  /** Answers with status 429 (the API asked to slow down). */
  rateLimited: number;
}

/** The `UrlFetchApp` global: real HTTP, made synchronous by SyncHttpClient. */
export class UrlFetchAppFake {
  constructor(
    private readonly runtime: EmulatorRuntime,
    private readonly http: SyncHttpClient,
    private readonly quota: UrlFetchQuota,
    private readonly counter: UrlFetchCounter,
    /** The manifest's urlFetchWhitelist; null when it declares none. */
    private readonly allowlist: UrlAllowlist | null = null,
  ) {}

  fetch(url: string, params?: Record<string, unknown>): HttpResponseFake {
    return this.runtime.invoke('UrlFetchApp.fetch', () => this.perform([{ url, params }])[0] as HttpResponseFake, { scopes: [EXTERNAL_REQUEST_SCOPE] });
  }

  /** Sends every request in parallel; any failure throws for the whole call. */
  fetchAll(requests: ReadonlyArray<string | Record<string, unknown>>): HttpResponseFake[] {
    return this.runtime.invoke(
      'UrlFetchApp.fetchAll',
      () => {
        if (!Array.isArray(requests)) throw new AppsScriptException('Invalid argument: requests');
        return this.perform(
          requests.map((request: unknown) => {
            if (typeof request === 'string') return { url: request, params: undefined };
            if (!isRecord(request)) throw new AppsScriptException('Invalid argument: requests');
            return { url: request.url, params: request };
          }),
        );
      },
      { scopes: [EXTERNAL_REQUEST_SCOPE] },
    );
  }

  private perform(calls: ReadonlyArray<{ url: unknown; params: unknown }>): HttpResponseFake[] {
    const prepared = calls.map(({ url, params }) => {
      if (url === undefined || url === null) throw new AppsScriptException('Invalid argument: url');
      const parsed = parseParams(params);
      const wire = toWireRequest(url, parsed);
      this.allowlist?.check(wire.url);
      return { parsed, wire };
    });
    const sentAtMs = this.runtime.clock.now();
    this.quota.take(prepared.length, sentAtMs);
    this.counter.requests += prepared.length;
    const stamp: Array<[string, string]> = this.runtime.clock.isVirtual ? [[VIRTUAL_SENT_AT_HEADER, String(sentAtMs)]] : [];
    const outcomes = this.http.send(prepared.map(({ wire }) => ({ ...wire, headers: [...wire.headers, ...stamp] })));
    return prepared.map(({ parsed, wire }, index) => {
      const outcome = outcomes[index];
      if (outcome === undefined) throw new Error(`The HTTP worker gave no outcome for request ${index}`);
      if (outcome.kind === 'failure') throw new AppsScriptException(failureMessage(outcome, wire.url));
      if (outcome.status === 429) this.counter.rateLimited += 1;
      if (outcome.status >= 400 && !parsed.muteHttpExceptions) {
        const text = decodeText(outcome.body);
        const quoted = text.length > QUOTED_RESPONSE_CHARS ? `${text.slice(0, QUOTED_RESPONSE_CHARS)}...` : text;
        throw new AppsScriptException(
          `Request failed for ${origin(wire.url)} returned code ${outcome.status}. Truncated server response: ${quoted} (use muteHttpExceptions option to examine full response)`,
        );
      }
      return new HttpResponseFake(this.runtime, outcome.status, outcome.headers, outcome.body);
    });
  }
}
