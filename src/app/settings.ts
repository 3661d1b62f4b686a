import { z } from 'zod';
import type { PropertiesPort } from '../ports/properties';

/** Where Everflow hosts an account; the EU region has its own API host. */
export const REGIONS = {
  us: 'https://api.eflow.team/v1',
  eu: 'https://api-eu.eflow.team/v1',
} as const;
export type Region = keyof typeof REGIONS;

const KEY_PROPERTY = 'eflow.apiKey';
const REGION_PROPERTY = 'eflow.region';
/**
 * A different API root, for local development against the fake API only: the manifest's
 * urlFetchWhitelist stops a published add-on from reaching any host but Everflow's.
 */
const BASE_URL_PROPERTY = 'eflow.baseUrl';

/** Where each provider shows its key, for "copy it again" messages. */
const KEY_SOURCES: Readonly<Record<string, string>> = { Everflow: 'Everflow: My Account > API', Affise: 'Affise (only a general manager sees API keys there)' };

export class SettingsError extends Error {
  override name = 'SettingsError';
}

const apiKeySchema = z
  .string()
  .trim()
  .min(8, 'is too short to be an API key')
  .max(200, 'is too long to be an API key')
  .regex(/^[\x21-\x7e]+$/, 'may only hold printable characters without spaces');

const regionSchema = z.enum(['us', 'eu']);

// A pattern, not z.url(): that needs the URL class, which Apps Script does not have. Everflow's docs
// write the root both with and without `/v1`: either form is accepted and kept with it.
const BASE_URL_PATTERN = /^((?:https:\/\/[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|http:\/\/(?:127\.0\.0\.1|localhost|\[::1\]))(?::\d{1,5})?)(?:\/v1)?\/*$/i;

/** An API root such as `https://api.eflow.team/v1`; anything else is refused naming the value (never a password in it). */
export const baseUrlSchema = z.string().transform((input, ctx) => {
  const match = BASE_URL_PATTERN.exec(input.trim());
  if (match?.[1]) return `${match[1]}/v1`;
  const masked = input.replace(/\/\/[^/@\s]*@/, '//••••@');
  const shown = JSON.stringify(masked.length > 100 ? `${masked.slice(0, 100)}…` : masked);
  ctx.addIssue({ code: 'custom', message: `API base URL ${shown} is not accepted: use https://host or https://host/v1 (http only for this machine: 127.0.0.1, localhost, [::1])` });
  return z.NEVER;
});

/** Validates a key as typed, without ever echoing it back in the message. */
export function parseApiKey(input: unknown, provider = 'Everflow'): string {
  const parsed = apiKeySchema.safeParse(input);
  if (!parsed.success) {
    const message = (parsed.error.issues[0]?.message ?? 'is not valid').replace('an API key', `an ${provider} API key`);
    throw new SettingsError(`That API key ${message}. Copy it again from ${KEY_SOURCES[provider] ?? provider}.`);
  }
  return parsed.data;
}

/**
 * The single Everflow connection of the add-on's first version, in user properties. Only the
 * connection store (connections.ts) reads it now, to migrate it.
 */
export class ConnectionSettings {
  constructor(private readonly userProperties: PropertiesPort) {}

  static removeLegacy(userProperties: PropertiesPort): void {
    for (const property of [KEY_PROPERTY, REGION_PROPERTY, BASE_URL_PROPERTY]) userProperties.delete(property);
  }

  apiKey(): string | null {
    const stored = this.userProperties.get(KEY_PROPERTY);
    return stored && stored.length > 0 ? stored : null;
  }

  region(): Region {
    const parsed = regionSchema.safeParse(this.userProperties.get(REGION_PROPERTY));
    return parsed.success ? parsed.data : 'us';
  }

  /** The development API root, or null; a stored value that is not valid is refused, never replaced by production. */
  baseUrlOverride(): string | null {
    const override = this.userProperties.get(BASE_URL_PROPERTY);
    if (!override) return null;
    const parsed = baseUrlSchema.safeParse(override);
    if (!parsed.success) throw new SettingsError(`The stored ${parsed.error.issues[0]?.message ?? 'API base URL is not valid'}.`);
    return parsed.data;
  }
}
