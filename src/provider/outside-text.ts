/*
 * Text that came from outside (an API's error body, a network message) before it enters a
 * message a person reads: the API key masked, whitespace folded, length bounded.
 */

const MAX_QUOTED_CHARS = 200;

const REASON_PHRASES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Masks every occurrence of the key. Redacting before clipping means no partial key survives a cut. */
export function redact(text: string, secret: string): string {
  return secret.trim() === '' ? text : text.split(secret).join('[redacted]');
}

export function clip(text: string): string {
  return text.length <= MAX_QUOTED_CHARS ? text : `${text.slice(0, MAX_QUOTED_CHARS - 1)}…`;
}

/** `text` redacted, folded and clipped; the status's reason phrase when nothing is left. */
export function quoteOutsideText(text: string, secret: string, status: number): string {
  const folded = redact(text, secret).replace(/\s+/g, ' ').trim();
  return folded === '' ? (REASON_PHRASES[status] ?? 'no message') : clip(folded);
}
