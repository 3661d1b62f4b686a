import { ProviderDeadlineError, ProviderError, type ProviderFailure, type RequestFailureContext } from '../failure';
import type { HttpNetworkFailure, HttpResponse } from '../../ports/http';
import { readBody } from '../json-body';
import { clip, quoteOutsideText, redact } from '../outside-text';
import { envelopeSchema } from './schemas';

/*
 * Affise failures as typed errors whose messages tell a person what happened and what to do.
 * Text from outside (Affise's `message`, a network message) is redacted of the API key first;
 * the key itself never enters a message.
 */

export type AffiseErrorKind =
  | 'authentication'
  | 'forbidden'
  | 'not-found'
  | 'bad-request'
  | 'rate-limited'
  | 'server'
  | 'network'
  | 'host-not-allowed'
  | 'invalid-response'
  | 'outcome-unknown'
  | 'deadline';

export type AffiseFailure = ProviderFailure<AffiseErrorKind>;

export abstract class AffiseError extends ProviderError<AffiseErrorKind> {
  constructor(
    message: string,
    retryable: boolean,
    status: number | null,
    /** Affise's own words (redacted), for callers that show or match them; null when none came. */
    readonly affiseMessage: string | null,
  ) {
    super(message, retryable, status);
  }
}

/** What was being asked when the failure happened, for the message. */
export interface FailureContext extends RequestFailureContext {
  /** The invoice ("payment") the request was about, if one. */
  paymentId: number | null;
  /** The API host as configured (not a secret), e.g. https://api-acme.affise.com. */
  host: string;
}

const CONNECTION_HINT = 'the Affise connection (Extensions > Affiliate Billing > Connections)';

/** 401 "Token is necessary": Affise says this both for a wrong key and for a host that is not the key's network. */
export class AffiseAuthenticationError extends AffiseError {
  override name = 'AffiseAuthenticationError';
  readonly kind = 'authentication';

  constructor(affiseMessage: string, host: string) {
    super(
      `Affise did not accept the API key at ${host} (401 ${affiseMessage}). Either the key is wrong or the API host is not ` +
        `your network's (https://api-<company>.affise.com or your custom API domain): check both in ${CONNECTION_HINT}.`,
      false,
      401,
      affiseMessage,
    );
  }
}

/** 403: the plan has no Billing API, or the key's role may not see billing. */
export class AffiseForbiddenError extends AffiseError {
  override name = 'AffiseForbiddenError';
  readonly kind = 'forbidden';

  constructor(affiseMessage: string, subject: string) {
    super(
      `Affise refused access to ${subject} (403 ${affiseMessage}). The Billing API comes only with Affise's Scale and Custom ` +
        "plans, and a manager's key reaches only what that role may see: ask your Affise general manager for a key with " +
        `billing access (or for the plan), then update ${CONNECTION_HINT}.`,
      false,
      403,
      affiseMessage,
    );
  }
}

export class AffiseNotFoundError extends AffiseError {
  override name = 'AffiseNotFoundError';
  readonly kind = 'not-found';

  constructor(
    affiseMessage: string,
    subject: string,
    readonly paymentId: number | null,
  ) {
    super(
      paymentId !== null
        ? `Affise has no invoice ${paymentId} (404 ${affiseMessage}): it does not exist, was deleted, or this key may not see it.`
        : `Affise answered 404 (${affiseMessage}) for ${subject}: check the API host in ${CONNECTION_HINT}.`,
      false,
      404,
      affiseMessage,
    );
  }
}

/** 400 (or another 4xx, or a 2xx whose envelope says `"status": 2`): the request must change. Nothing was changed in Affise. */
export class AffiseBadRequestError extends AffiseError {
  override name = 'AffiseBadRequestError';
  readonly kind = 'bad-request';

  constructor(status: number, affiseMessage: string, subject: string) {
    super(`Affise refused the request for ${subject} (${status}): ${affiseMessage}`, false, status, affiseMessage);
  }
}

export class AffiseRateLimitedError extends AffiseError {
  override name = 'AffiseRateLimitedError';
  readonly kind = 'rate-limited';

  constructor(subject: string, attempts: number) {
    super(
      `Affise kept answering 429 Too Many Requests for ${subject} (${attempts} attempts). Affise publishes no limit; ` +
        'other tools using the same network may be busy. Try again in a minute.',
      true,
      429,
      null,
    );
  }
}

export class AffiseServerError extends AffiseError {
  override name = 'AffiseServerError';
  readonly kind = 'server';

  constructor(status: number, affiseMessage: string, subject: string, attempts: number) {
    super(`Affise had a server error for ${subject} (${status} ${affiseMessage}) after ${attempts} attempts. Try again later.`, true, status, affiseMessage);
  }
}

export class AffiseNetworkError extends AffiseError {
  override name = 'AffiseNetworkError';
  readonly kind = 'network';

  constructor(networkMessage: string, subject: string, attempts: number) {
    super(`Could not reach Affise for ${subject} after ${attempts} attempts (${networkMessage}). Check the connection and the API host, and try again.`, true, null, null);
  }
}

export class AffiseInvalidResponseError extends AffiseError {
  override name = 'AffiseInvalidResponseError';
  readonly kind = 'invalid-response';

  constructor(
    /** Which field failed, or that the body was not JSON. */
    readonly detail: string,
    subject: string,
    /** True for a body that was not JSON (often cut short in transit); false for JSON of the wrong shape. */
    retryable: boolean,
    status: number,
  ) {
    super(`Affise sent an answer for ${subject} that could not be read: ${detail}.`, retryable, status, null);
  }
}

/** The write calls, named for messages and for callers that record what was under way. */
export type AffiseWriteOperation = 'update' | 'add-correction' | 'delete-correction' | 'delete' | 'bulk-delete' | 'create-for-affiliate';

const OPERATION_WORDS: Readonly<Record<AffiseWriteOperation, string>> = {
  update: 'updated the invoice',
  'add-correction': 'added the correction',
  'delete-correction': 'removed the correction',
  delete: 'deleted the invoice',
  'bulk-delete': 'deleted the invoices',
  'create-for-affiliate': 'created the invoice',
};

/**
 * A write was sent and no clear answer came back (a 5xx, a dropped connection, a cut or unreadable
 * body): Affise may or may not have made the change. The client never sends it again by itself;
 * the caller must find out (read the invoice, list the affiliate's invoices) before deciding.
 */
export class AffiseOutcomeUnknownError extends AffiseError {
  override name = 'AffiseOutcomeUnknownError';
  readonly kind = 'outcome-unknown';

  constructor(
    readonly operation: AffiseWriteOperation,
    readonly paymentId: number | null,
    subject: string,
    /** What went wrong, in words (redacted). */
    readonly reason: string,
    status: number | null,
  ) {
    super(
      `Affise may or may not have ${OPERATION_WORDS[operation]} for ${subject}: ${reason}. It was not sent again. ` +
        'Refresh and check in Affise whether the change is there before applying it again.',
      false,
      status,
      null,
    );
  }
}

/** Time ran out before the work was done (nothing of a write is ever cut: a write that could not finish in time is not sent). */
export class AffiseDeadlineError extends ProviderDeadlineError<AffiseError> implements AffiseFailure {
  override name = 'AffiseDeadlineError';
}

/** Affise's `message` (or `error`), else the raw body, redacted and folded; the reason phrase when empty. */
export function affiseMessageOf(response: HttpResponse, secret: string): string {
  const reading = readBody(envelopeSchema, response.body);
  const fromField = reading.ok ? (reading.value.message ?? reading.value.error) : null;
  return quoteOutsideText(fromField ?? response.body, secret, response.status);
}

/** The typed error for a non-2xx answer of a read, or of a write that Affise refused. */
export function errorForResponse(response: HttpResponse, context: FailureContext): AffiseError {
  const message = affiseMessageOf(response, context.secret);
  const { status } = response;
  if (status === 401) return new AffiseAuthenticationError(message, context.host);
  if (status === 403) return new AffiseForbiddenError(message, context.subject);
  if (status === 404) return new AffiseNotFoundError(message, context.subject, context.paymentId);
  if (status === 429) return new AffiseRateLimitedError(context.subject, context.attempts);
  if (status >= 500) return new AffiseServerError(status, message, context.subject, context.attempts);
  return new AffiseBadRequestError(status, message, context.subject);
}

/** Apps Script's refusal of a host outside the manifest's urlFetchWhitelist: the request was never sent. */
const NOT_ALLOWED = /not been whitelisted|urlFetchWhitelist/i;

/** The API host is not among the hosts the add-on's manifest lets it reach: nothing was sent, and retrying cannot help. */
export class AffiseHostNotAllowedError extends AffiseError {
  override name = 'AffiseHostNotAllowedError';
  readonly kind = 'host-not-allowed';

  constructor(host: string) {
    super(
      `This add-on may not reach ${host}: Apps Script lets it call only the hosts its manifest lists (https://*.affise.com/ for Affise). ` +
        `If ${host} is your network's custom API domain, add it to urlFetchWhitelist in appsscript.json before npm run push (README: Installing the real add-on); otherwise correct the API host in ${CONNECTION_HINT}.`,
      false,
      null,
      null,
    );
  }
}

export function isHostNotAllowed(failure: HttpNetworkFailure): boolean {
  return NOT_ALLOWED.test(failure.message);
}

export function errorForNetworkFailure(failure: HttpNetworkFailure, context: FailureContext): AffiseNetworkError {
  return new AffiseNetworkError(clip(redact(failure.message, context.secret)), context.subject, context.attempts);
}
