import { ProviderDeadlineError, ProviderError, type ProviderFailure, type RequestFailureContext } from '../failure';
import type { HttpNetworkFailure, HttpResponse } from '../../ports/http';
import type { KeyType } from './rate-pacer';
import { clip, quoteOutsideText, redact } from '../outside-text';
import { errorBodySchema, readBody } from './schemas';

/*
 * Everflow failures as typed errors whose messages tell a person what happened and what to do.
 * Every piece of text that came from outside (Everflow's body, a network message) is redacted of
 * the API key before it enters a message.
 */

export type EverflowErrorKind =
  | 'authentication'
  | 'forbidden'
  | 'not-found'
  | 'rate-limited'
  | 'server'
  | 'network'
  | 'invalid-response'
  | 'bad-request'
  | 'outcome-unknown'
  | 'deadline';

/** What every Everflow failure tells, including the deadline error (which extends the ports' DeadlineExceededError). */
export type EverflowFailure = ProviderFailure<EverflowErrorKind>;

export abstract class EverflowError extends ProviderError<EverflowErrorKind> {}

/** What was being asked when the failure happened, for the message. */
export interface FailureContext extends RequestFailureContext {
  invoiceId: number | null;
  keyType: KeyType;
}

const SET_KEY_HINT = 'Extensions > Affiliate Billing > Open sidebar > Connection';

export class AuthenticationError extends EverflowError {
  override name = 'AuthenticationError';
  readonly kind = 'authentication';

  constructor(
    /** Everflow's own words, redacted: the sidebar quotes them after its plain explanation. */
    readonly everflowMessage: string,
    keyType: KeyType,
  ) {
    super(
      `Everflow rejected the API key (401 ${everflowMessage}). Set a valid ${keyType} API key: ${SET_KEY_HINT}.`,
      false,
      401,
    );
  }
}

export class ForbiddenError extends EverflowError {
  override name = 'ForbiddenError';
  readonly kind = 'forbidden';

  constructor(
    readonly everflowMessage: string,
    subject: string,
    keyType: KeyType,
  ) {
    const other: KeyType = keyType === 'affiliate' ? 'network' : 'affiliate';
    super(
      `Everflow refused access to ${subject} (403 ${everflowMessage}). "Out of realm" means the key is of the wrong kind: ` +
        `this needs ${article(keyType)} ${keyType} key and ${article(other)} ${other} key was probably used. ` +
        (keyType === 'affiliate'
          ? `Create an affiliate key in the Everflow partner portal (My Account > API) and set it: ${SET_KEY_HINT}.`
          : `Use a network key from the Everflow Control Center (Security) and set it: ${SET_KEY_HINT}.`),
      false,
      403,
    );
  }
}

/**
 * A side of the API refusing the key itself: the reference's 403 "Out of realm" for a key of the
 * other kind, or the 401 some of Everflow's pages (and some servers) answer instead.
 */
export type KeyRefusal = AuthenticationError | ForbiddenError;

export function isKeyRefusal(error: unknown): error is KeyRefusal {
  return error instanceof AuthenticationError || error instanceof ForbiddenError;
}

export class NotFoundError extends EverflowError {
  override name = 'NotFoundError';
  readonly kind = 'not-found';

  constructor(
    everflowMessage: string,
    subject: string,
    readonly invoiceId: number | null,
  ) {
    super(
      invoiceId !== null
        ? `Everflow has no invoice ${invoiceId} for this API key (404 ${everflowMessage}): the id does not exist or the invoice belongs to another affiliate.`
        : `Everflow answered 404 (${everflowMessage}) for ${subject}: check the Everflow region (API address) in the settings.`,
      false,
      404,
    );
  }
}

export class RateLimitedError extends EverflowError {
  override name = 'RateLimitedError';
  readonly kind = 'rate-limited';

  constructor(subject: string, attempts: number) {
    super(
      `Everflow kept answering 429 Too Many Requests for ${subject} (${attempts} attempts). The request limit is shared by ` +
        'everyone using the same Everflow account; try again in a minute.',
      true,
      429,
    );
  }
}

export class ServerError extends EverflowError {
  override name = 'ServerError';
  readonly kind = 'server';

  constructor(status: number, everflowMessage: string, subject: string, attempts: number) {
    super(`Everflow had a server error for ${subject} (${status} ${everflowMessage}) after ${attempts} attempts. Try again later.`, true, status);
  }
}

export class NetworkError extends EverflowError {
  override name = 'NetworkError';
  readonly kind = 'network';

  constructor(networkMessage: string, subject: string, attempts: number) {
    super(`Could not reach Everflow for ${subject} after ${attempts} attempts (${networkMessage}). Check the connection and try again.`, true, null);
  }
}

export class InvalidResponseError extends EverflowError {
  override name = 'InvalidResponseError';
  readonly kind = 'invalid-response';

  constructor(
    /** Which field failed, or that the body was not JSON. */
    readonly detail: string,
    subject: string,
    /** True for a body that was not JSON (often cut short in transit); false for JSON of the wrong shape. */
    retryable: boolean,
    status: number,
  ) {
    super(`Everflow sent an answer for ${subject} that could not be read: ${detail}.`, retryable, status);
  }
}

export class BadRequestError extends EverflowError {
  override name = 'BadRequestError';
  readonly kind = 'bad-request';

  constructor(
    status: number,
    /** Everflow's own words, redacted: callers match on them (e.g. a refused page size). */
    readonly everflowMessage: string,
    subject: string,
  ) {
    super(`Everflow refused the request for ${subject} (${status}): ${everflowMessage}`, false, status);
  }
}

/**
 * A change (create, PUT, PATCH) was sent and no clear answer came back: a 5xx, a dropped
 * connection, a body cut short. Everflow may or may not have made it. The request is never sent
 * again blind: whoever sent it reads the invoice(s) back to find out.
 */
export class EverflowOutcomeUnknownError extends EverflowError {
  override name = 'EverflowOutcomeUnknownError';
  readonly kind = 'outcome-unknown';

  constructor(
    subject: string,
    /** What went wrong, in words (redacted). */
    readonly reason: string,
    status: number | null,
  ) {
    super(`Everflow may or may not have made ${subject}: ${reason}. It was not sent again; read the invoice back before sending it again.`, false, status);
  }
}

/**
 * Time ran out before the work was done. Extends the ports' provider-neutral error so the app
 * layer can keep the partial progress whatever the provider.
 */
export class EverflowDeadlineError extends ProviderDeadlineError<EverflowError> implements EverflowFailure {
  override name = 'EverflowDeadlineError';
}

/** The typed error for a non-2xx answer (a 2xx answer never comes here). */
export function errorForResponse(response: HttpResponse, context: FailureContext): EverflowError {
  const everflowMessage = everflowMessageOf(response, context.secret);
  const { status } = response;
  if (status === 401) return new AuthenticationError(everflowMessage, context.keyType);
  if (status === 403) return new ForbiddenError(everflowMessage, context.subject, context.keyType);
  if (status === 404) return new NotFoundError(everflowMessage, context.subject, context.invoiceId);
  if (status === 429) return new RateLimitedError(context.subject, context.attempts);
  if (status >= 500) return new ServerError(status, everflowMessage, context.subject, context.attempts);
  return new BadRequestError(status, everflowMessage, context.subject);
}

export function errorForNetworkFailure(failure: HttpNetworkFailure, context: FailureContext): NetworkError {
  return new NetworkError(clip(redact(failure.message, context.secret)), context.subject, context.attempts);
}

/** Everflow's `error` / `Error` field, else the raw body (whitespace folded), else the status's reason phrase. */
function everflowMessageOf(response: HttpResponse, secret: string): string {
  const reading = readBody(errorBodySchema, response.body);
  const fromField = reading.ok ? (reading.value.error ?? reading.value.Error) : null;
  return quoteOutsideText(fromField ?? response.body, secret, response.status);
}

function article(keyType: KeyType): string {
  return keyType === 'affiliate' ? 'an' : 'a';
}
