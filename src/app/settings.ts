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

export const SET_KEY_HINT = 'Set one with Extensions > Affiliate Billing > Set API key.';

export class SettingsError extends Error {
  override name = 'SettingsError';
}

const apiKeySchema = z
  .string()
  .trim()
  .min(8, 'is too short to be an Everflow API key')
  .max(200, 'is too long to be an Everflow API key')
  .regex(/^[\x21-\x7e]+$/, 'may only hold printable characters without spaces');

const regionSchema = z.enum(['us', 'eu']);

// A pattern, not z.url(): that needs the URL class, which Apps Script does not have.
const baseUrlSchema = z
  .string()
  .trim()
  .regex(/^(https:\/\/[a-z0-9.-]+|http:\/\/(127\.0\.0\.1|localhost|\[::1\]))(:\d{1,5})?\/[\w./-]*$/i, 'must be https, or http on this machine')
  .transform((url) => url.replace(/\/+$/, ''));

/** Validates a key as typed, without ever echoing it back in the message. */
export function parseApiKey(input: unknown): string {
  const parsed = apiKeySchema.safeParse(input);
  if (!parsed.success) {
    throw new SettingsError(`That API key ${parsed.error.issues[0]?.message ?? 'is not valid'}. Copy it again from Everflow: My Account > API.`);
  }
  return parsed.data;
}

export function parseRegion(input: unknown): Region {
  const parsed = regionSchema.safeParse(typeof input === 'string' ? input.trim().toLowerCase() : input);
  if (!parsed.success) throw new SettingsError(`Region must be "us" or "eu".`);
  return parsed.data;
}

/** The user's Everflow connection, kept in user properties (only this user, only this script). */
export class ConnectionSettings {
  constructor(private readonly userProperties: PropertiesPort) {}

  apiKey(): string | null {
    const stored = this.userProperties.get(KEY_PROPERTY);
    return stored && stored.length > 0 ? stored : null;
  }

  requireApiKey(): string {
    const key = this.apiKey();
    if (key === null) throw new SettingsError(`No Everflow API key is set. ${SET_KEY_HINT}`);
    return key;
  }

  /** The last four characters, for showing which key is set without revealing it. */
  maskedKey(): string | null {
    const key = this.apiKey();
    return key === null ? null : `••••${key.slice(-4)}`;
  }

  setApiKey(input: unknown): void {
    this.userProperties.set(KEY_PROPERTY, parseApiKey(input));
  }

  removeApiKey(): void {
    this.userProperties.delete(KEY_PROPERTY);
  }

  region(): Region {
    const parsed = regionSchema.safeParse(this.userProperties.get(REGION_PROPERTY));
    return parsed.success ? parsed.data : 'us';
  }

  setRegion(input: unknown): void {
    this.userProperties.set(REGION_PROPERTY, parseRegion(input));
  }

  baseUrl(): string {
    const override = this.userProperties.get(BASE_URL_PROPERTY);
    if (override) {
      const parsed = baseUrlSchema.safeParse(override);
      if (parsed.success) return parsed.data;
    }
    return REGIONS[this.region()];
  }

  /** Where the key is used, for messages: "US", "EU", or the development API's address. */
  endpointLabel(): string {
    const url = this.baseUrl();
    return url === REGIONS[this.region()] ? this.region().toUpperCase() : url;
  }

  setBaseUrlOverride(input: unknown): void {
    const parsed = baseUrlSchema.safeParse(input);
    if (!parsed.success) throw new SettingsError(`API base URL ${parsed.error.issues[0]?.message ?? 'is not valid'}.`);
    this.userProperties.set(BASE_URL_PROPERTY, parsed.data);
  }
}
