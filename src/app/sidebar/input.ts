import type { z } from 'zod';

/** What the sidebar sent cannot be used; the message names each field and what to change. */
export class SidebarInputError extends Error {
  override name = 'SidebarInputError';
}

/**
 * Validates what the page sent. The page validates too, but anything can call a google.script.run
 * target, so the server never trusts it. Messages use the form's labels, not property paths.
 */
export function parseSidebarInput<S extends z.ZodType>(schema: S, input: unknown, labels: Readonly<Record<string, string>> = {}): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    const label = labels[field] ?? field;
    return label === '' ? issue.message : `${label}: ${issue.message}`;
  });
  throw new SidebarInputError(`${problems.join('; ')}.`);
}
