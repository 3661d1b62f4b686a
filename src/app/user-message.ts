/**
 * The last line of defence for secrets: any text leaving the add-on (cell error, alert, sidebar,
 * log) passes through here with the secrets in play, and every occurrence is masked.
 */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | null>): string {
  let result = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) result = result.split(secret).join('••••');
  }
  return result;
}

/** A person-facing message for any error; unknown errors say so rather than pretending. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return `Unexpected error: ${String(error)}`;
}
