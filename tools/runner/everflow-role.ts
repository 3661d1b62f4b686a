/**
 * `--role affiliate|network`, as `npm run formula` and `npm run report` read it: which type of
 * Everflow key the run uses. On the demo API it picks the demo key of that type (the network key
 * sees every partner's invoices, the demo partner's and those of partners without keys). With
 * `--base-url` and `--api-key` it records the type with the connection, as Test connection would,
 * so the run starts from it; left out, the add-on finds out (a network key: one 403 and one probe).
 */
import { z } from 'zod';
import type { KeyRole } from '../../src/app/key-role';
import { DEMO_AFFILIATE_KEY, DEMO_NETWORK_KEY } from '../../test-support/fake-everflow';
import type { AddOnHarness } from '../../test-support/harness';

export const ROLE_USAGE = '[--role affiliate|network]';

/** Partners of the demo network that have no key of their own. */
export const DEMO_NETWORK_PARTNERS = [21, 22, 23];

/** The option as given; a message (what --role takes) for anything else. */
export function parseRoleOption(value: string | undefined): KeyRole | undefined | { error: string } {
  if (value === undefined) return undefined;
  if (value === 'affiliate' || value === 'network') return value;
  return { error: `--role takes affiliate or network, not "${value}"` };
}

/** The --role option in a CLI's zod options: the role, or an issue saying what --role takes. */
export const roleOption = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const role = parseRoleOption(value);
    if (typeof role !== 'object') return role;
    ctx.addIssue({ code: 'custom', message: role.error });
    return z.NEVER;
  });

/** The demo key of the role. */
export function demoKeyOf(role: KeyRole | undefined): string {
  return role === 'network' ? DEMO_NETWORK_KEY : DEMO_AFFILIATE_KEY;
}

/** Records the role with the harness's Everflow connection, as Test connection leaves it. */
export function recordRole(harness: AddOnHarness, role: KeyRole | undefined): void {
  if (role !== undefined) harness.recordEverflowRole(role);
}
