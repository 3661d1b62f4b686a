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
    const label = labelOf(issue.path, labels);
    return label === '' ? issue.message : `${label}: ${issue.message}`;
  });
  throw new SidebarInputError(`${problems.join('; ')}.`);
}

/** "filters.start_date" by its label; an item of a list by the list's label and its 1-based place ("Arguments 2"). */
function labelOf(path: readonly PropertyKey[], labels: Readonly<Record<string, string>>): string {
  const full = path.map(String).join('.');
  if (labels[full] !== undefined) return labels[full];
  const [first, ...rest] = path;
  const head = labels[String(first)];
  if (head === undefined || !rest.every((part) => typeof part === 'number')) return full;
  return [head, ...rest.map((index) => String(Number(index) + 1))].join(' ');
}
