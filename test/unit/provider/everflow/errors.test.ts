import { DeadlineExceededError } from '../../../../src/ports/clock';
import type { HttpResponse } from '../../../../src/ports/http';
import {
  AuthenticationError,
  BadRequestError,
  EverflowDeadlineError,
  EverflowError,
  errorForNetworkFailure,
  errorForResponse,
  type FailureContext,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  ServerError,
} from '../../../../src/provider/everflow/errors';

const KEY = 'test-key-Zq81-secret';
const context: FailureContext = { subject: 'invoice 42', invoiceId: 42, attempts: 1, keyType: 'affiliate', secret: KEY };

function response(status: number, body: string): HttpResponse {
  return { kind: 'response', status, body, headers: {} };
}

describe('errorForResponse', () => {
  it('401: says the key was rejected and how to set a valid one', () => {
    const error = errorForResponse(response(401, '{"Error":"No Authentication Method Found"}'), context);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ kind: 'authentication', retryable: false, status: 401 });
    expect(error.message).toBe(
      'Everflow rejected the API key (401 No Authentication Method Found). Set a valid affiliate API key: Extensions > Affiliate Billing > Open sidebar > Connection.',
    );
  });

  it('403: explains "Out of realm" as the wrong kind of key, both ways round', () => {
    const affiliate = errorForResponse(response(403, '{"error":"Out of realm"}'), context);
    expect(affiliate).toBeInstanceOf(ForbiddenError);
    expect(affiliate.kind).toBe('forbidden');
    expect(affiliate.message).toContain('403 Out of realm');
    expect(affiliate.message).toContain('this needs an affiliate key and a network key was probably used');
    expect(affiliate.message).toContain('My Account > API');
    const network = errorForResponse(response(403, '{"error":"Out of realm"}'), { ...context, keyType: 'network' });
    expect(network.message).toContain('this needs a network key and an affiliate key was probably used');
  });

  it('404: names the invoice id when there is one', () => {
    const error = errorForResponse(response(404, '{"error":"Not found"}'), context);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ kind: 'not-found', invoiceId: 42 });
    expect(error.message).toBe(
      'Everflow has no invoice 42 for this API key (404 Not found): the id does not exist or the invoice belongs to another affiliate.',
    );
    const list = errorForResponse(response(404, ''), { ...context, subject: 'the invoice list (page 1)', invoiceId: null });
    expect(list.message).toBe('Everflow answered 404 (Not Found) for the invoice list (page 1): check the Everflow region (API address) in the settings.');
  });

  it('400: quotes Everflow\'s message, whichever casing the field has', () => {
    for (const body of ['{"error":"Invalid filter value"}', '{"Error":"Invalid filter value"}']) {
      const error = errorForResponse(response(400, body), context);
      expect(error).toBeInstanceOf(BadRequestError);
      expect(error).toMatchObject({ kind: 'bad-request', retryable: false, everflowMessage: 'Invalid filter value' });
      expect(error.message).toBe('Everflow refused the request for invoice 42 (400): Invalid filter value');
    }
  });

  it('other 4xx are refusals too, never retryable', () => {
    const error = errorForResponse(response(422, '{"error":"Unprocessable"}'), context);
    expect(error).toMatchObject({ kind: 'bad-request', retryable: false, status: 422 });
  });

  it('429 and 5xx: retryable, with the number of attempts made', () => {
    const limited = errorForResponse(response(429, '{"error":"Too many"}'), { ...context, attempts: 6 });
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect(limited).toMatchObject({ kind: 'rate-limited', retryable: true });
    expect(limited.message).toContain('429 Too Many Requests for invoice 42 (6 attempts)');
    const server = errorForResponse(response(503, '{"error":"Maintenance"}'), { ...context, attempts: 6 });
    expect(server).toBeInstanceOf(ServerError);
    expect(server).toMatchObject({ kind: 'server', retryable: true, status: 503 });
    expect(server.message).toBe('Everflow had a server error for invoice 42 (503 Maintenance) after 6 attempts. Try again later.');
  });

  it('falls back to the raw text, whitespace folded and clipped to about 200 characters', () => {
    const html = `<html>\n  <body>Bad   gateway ${'x'.repeat(400)}</body></html>`;
    const error = errorForResponse(response(502, html), context);
    const quoted = /\(502 (.*)\) after/.exec(error.message)?.[1] ?? '';
    expect(quoted.startsWith('<html> <body>Bad gateway xxx')).toBe(true);
    expect(quoted.length).toBe(200);
    expect(quoted.endsWith('…')).toBe(true);
  });

  it('reads JSON without an error field as raw text, and an empty body as the reason phrase', () => {
    expect(errorForResponse(response(400, '{"message":"nope"}'), context).message).toContain('(400): {"message":"nope"}');
    expect(errorForResponse(response(401, ' \n'), context).message).toContain('(401 Unauthorized)');
    expect(errorForResponse(response(418, ''), context).message).toContain('(418): no message');
  });

  it('never puts the API key in a message', () => {
    const bodies = [
      `{"error":"Key ${KEY} is not valid"}`,
      `{"Error":"${KEY}"}`,
      `Invalid key ${KEY} ${'.'.repeat(180)}${KEY}`,
      `${'x'.repeat(190)}${KEY}`,
    ];
    for (const status of [400, 401, 403, 404, 500]) {
      for (const body of bodies) {
        const message = errorForResponse(response(status, body), context).message;
        expect(message).not.toContain(KEY);
        expect(message).not.toContain(KEY.slice(0, 12));
      }
    }
    const network = errorForNetworkFailure({ kind: 'network-failure', message: `Address unavailable: https://x/?key=${KEY}` }, context);
    expect(network.message).not.toContain(KEY);
    expect(network.message).toContain('[redacted]');
  });
});

describe('network and deadline errors', () => {
  it('a network failure tells what was being fetched and how often it was tried', () => {
    const error = errorForNetworkFailure({ kind: 'network-failure', message: 'DNS error' }, { ...context, attempts: 6 });
    expect(error).toMatchObject({ kind: 'network', retryable: true, status: null });
    expect(error.message).toBe('Could not reach Everflow for invoice 42 after 6 attempts (DNS error). Check the connection and try again.');
  });

  it('the deadline error is the provider-neutral one, with progress and the last failure', () => {
    const last = errorForResponse(response(429, ''), context);
    const error = new EverflowDeadlineError({ done: 37, total: 120, unit: 'invoices' }, last);
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(error).not.toBeInstanceOf(EverflowError);
    expect(error).toMatchObject({ kind: 'deadline', retryable: true, done: 37, total: 120, lastFailure: last });
    expect(error.message).toBe(`Stopped to stay within the time limit after 37 of 120 invoices; the last attempt failed: ${last.message}`);
    expect(new EverflowDeadlineError({ done: 0, total: 1, unit: 'invoices' }, null).message).toBe(
      'Stopped to stay within the time limit after 0 of 1 invoices.',
    );
  });
});
