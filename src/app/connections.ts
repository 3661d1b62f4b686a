import { z } from 'zod';
import type { CodecPort } from '../ports/codec';
import type { PropertiesPort } from '../ports/properties';
import { baseUrlSchema, ConnectionSettings, parseApiKey, REGIONS, SettingsError, type Region } from './settings';

/**
 * The user's connections: several per user, Affise and Everflow together, more than one of each.
 *
 * Everything lives in USER properties (only this user, only this script): the list under
 * `connections` (names, providers, hosts: nothing secret) and each key under its own property
 * `connection.<id>.apiKey`. A connection without its key is useless, so both stay with the person
 * who owns the key; formulas name a connection by its name, which the user chooses.
 *
 * Migration: before this store, one Everflow key lived in `eflow.apiKey` (+ `eflow.region`,
 * `eflow.baseUrl`). While `connections` is absent, those read as one Everflow connection named
 * "Everflow", so existing formulas keep working without any write (custom functions may not write
 * user properties). The first change through the sidebar or menu writes the new form and removes
 * the old properties.
 */

export const PROVIDERS = ['everflow', 'affise'] as const;
export type ProviderName = (typeof PROVIDERS)[number];
export const PROVIDER_LABELS: Readonly<Record<ProviderName, string>> = { everflow: 'Everflow', affise: 'Affise' };

const LIST_PROPERTY = 'connections';
/**
 * Development only: where a region's Everflow API runs on this machine (the playground and tests
 * set it). A new Everflow connection of that region calls it instead of Everflow's host.
 */
export const devApiRootProperty = (region: Region): string => `dev.apiRoot.everflow.${region}`;
const keyProperty = (id: string): string => `connection.${id}.apiKey`;
/** The name the migrated connection gets. */
export const MIGRATED_NAME = 'Everflow';
export const MAX_CONNECTIONS = 20;

export const ADD_CONNECTION_HINT = 'Add one in the sidebar: Extensions > Affiliate Billing > Open sidebar > Connection.';

export const connectionNameSchema = z
  .string('must be text')
  .trim()
  .min(1, 'is empty: give the connection a name, such as "EU network"')
  .max(40, 'is longer than 40 characters')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._&()-]*$/u, 'may hold letters, digits, spaces and . _ - & ( ), starting with a letter or digit');

/**
 * An Affise API host: `https://api-<company>.affise.com` or the customer's own domain, https only
 * and without a path; http only on this machine, for the fake API in development.
 */
export const affiseHostSchema = z
  .string('must be text')
  .trim()
  .transform((host) => host.replace(/\/+$/, ''))
  .pipe(
    z
      .string()
      .regex(
        /^(https:\/\/[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+|http:\/\/(127\.0\.0\.1|localhost|\[::1\]))(:\d{1,5})?$/i,
        'must be the address of your Affise API, such as https://api-yourcompany.affise.com (https, no path)',
      ),
  )
  .transform((host) => host.toLowerCase());

const idSchema = z.string().regex(/^c\d{1,6}$/);

const everflowConnectionSchema = z
  .object({
    id: idSchema,
    name: connectionNameSchema,
    provider: z.literal('everflow'),
    region: z.enum(['us', 'eu']),
    /** Development only: a fake API on this machine instead of the region's host. */
    baseUrl: baseUrlSchema.optional(),
    /** A partner (affiliate) key or a network key, as Test connection found; absent until a test (or a report run) finds out. */
    role: z.enum(['affiliate', 'network']).optional(),
    /**
     * The network a network key belongs to (`network_id` of the invoices it lists): its keys share
     * one rate-limit bucket. Absent until a test sees an invoice.
     */
    networkId: z.number().int().positive().optional(),
  })
  .strict();

const affiseConnectionSchema = z.object({ id: idSchema, name: connectionNameSchema, provider: z.literal('affise'), host: affiseHostSchema }).strict();

const connectionSchema = z.discriminatedUnion('provider', [everflowConnectionSchema, affiseConnectionSchema]);
export type EverflowConnection = z.infer<typeof everflowConnectionSchema>;
export type AffiseConnection = z.infer<typeof affiseConnectionSchema>;
export type Connection = z.infer<typeof connectionSchema>;

/**
 * Version 2 adds what a test learns of an Everflow key (`role`, `networkId`). A version 1 list
 * reads as is: its Everflow connections are untested until the next test or report run stores them.
 */
const STORED_VERSION = 2;
const storedListSchema = z.object({ version: z.union([z.literal(1), z.literal(STORED_VERSION)]), connections: z.array(connectionSchema).max(MAX_CONNECTIONS) }).strict();

/** What a test or a run learnt of an Everflow key. */
export interface KeyFacts {
  role: 'affiliate' | 'network';
  networkId: number | null;
}

/** A connection with its key, ready to call its provider. Never shown, logged or cached as is. */
export type ConnectionWithKey = Connection & {
  apiKey: string;
  /** The API root requests go to. */
  apiRoot: string;
  /** Cache keys never hold the key itself: a short hash of host and key tells accounts apart. */
  fingerprint: string;
};

/** The API root a connection calls. */
export function baseUrlOf(connection: Connection): string {
  if (connection.provider === 'affise') return connection.host;
  return connection.baseUrl ?? REGIONS[connection.region];
}

/** Where a connection goes, for people: "US", "EU", an Affise host; a development API as "US at http://127.0.0.1:…". */
export function endpointLabel(connection: Connection): string {
  if (connection.provider === 'affise') return connection.host.replace(/^https:\/\//, '');
  const region = connection.region.toUpperCase();
  return connection.baseUrl === undefined ? region : `${region} at ${connection.baseUrl}`;
}

/** The last four characters, for showing which key is set without revealing it. */
export function maskKey(key: string): string {
  return `••••${key.slice(-4)}`;
}

export function quoteNames(connections: readonly Connection[]): string {
  return connections.map((connection) => JSON.stringify(connection.name)).join(', ');
}

/** The connection without its development address, nor what was learnt of its key (a change of key or region is tested anew). */
function withoutBaseUrl(connection: EverflowConnection): Omit<EverflowConnection, 'baseUrl' | 'role' | 'networkId'> {
  const { baseUrl: _dropped, role: _role, networkId: _network, ...rest } = connection;
  return rest;
}

/** The connection as it was, less what was learnt of its key when the key is replaced. */
function keptFacts(connection: EverflowConnection, keyReplaced: boolean): Pick<EverflowConnection, 'role' | 'networkId'> {
  if (keyReplaced) return {};
  return { ...(connection.role === undefined ? {} : { role: connection.role }), ...(connection.networkId === undefined ? {} : { networkId: connection.networkId }) };
}

function pickBaseUrl(connection: EverflowConnection): { baseUrl?: string } {
  return connection.baseUrl === undefined ? {} : { baseUrl: connection.baseUrl };
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** What the sidebar or menu asks to save; validated here whatever its source. */
export type ConnectionDraft = { name: string; provider: 'everflow'; region: Region } | { name: string; provider: 'affise'; host: string };

export class ConnectionStore {
  constructor(private readonly userProperties: PropertiesPort) {}

  /** Every connection, in the order they were added. Throws when the saved list cannot be read. */
  list(): Connection[] {
    const stored = this.userProperties.get(LIST_PROPERTY);
    if (stored === null) return this.legacy()?.connections ?? [];
    let json: unknown;
    try {
      json = JSON.parse(stored);
    } catch {
      json = undefined;
    }
    const parsed = storedListSchema.safeParse(json);
    if (!parsed.success) {
      throw new SettingsError(`Your saved connections could not be read. Remove them in the sidebar's Connection panel and add them again. ${ADD_CONNECTION_HINT}`);
    }
    return parsed.data.connections;
  }

  find(id: string): Connection | null {
    return this.list().find((connection) => connection.id === id) ?? null;
  }

  apiKey(id: string): string | null {
    const legacy = this.userProperties.get(LIST_PROPERTY) === null ? this.legacy() : null;
    if (legacy) return legacy.connections[0]?.id === id ? legacy.apiKey : null;
    const key = this.userProperties.get(keyProperty(id));
    return key !== null && key.length > 0 ? key : null;
  }

  maskedKey(id: string): string | null {
    const key = this.apiKey(id);
    return key === null ? null : maskKey(key);
  }

  /** Every stored key, for masking them in anything shown. */
  allKeys(): string[] {
    let connections: Connection[];
    try {
      connections = this.list();
    } catch {
      connections = [];
    }
    return connections.flatMap((connection) => this.apiKey(connection.id) ?? []);
  }

  withKey(connection: Connection, codec: CodecPort): ConnectionWithKey {
    const apiKey = this.apiKey(connection.id);
    if (apiKey === null) throw new SettingsError(`The connection "${connection.name}" has no API key. Paste its key in the sidebar's Connection panel.`);
    const apiRoot = baseUrlOf(connection);
    return { ...connection, apiKey, apiRoot, fingerprint: codec.sha256Hex(`${apiRoot}\n${apiKey}`).slice(0, 16) };
  }

  /** Adds a connection with its key; answers it. Names are unique whatever their case. */
  add(draft: ConnectionDraft, apiKeyInput: unknown): Connection {
    const connections = this.writableList();
    if (connections.length >= MAX_CONNECTIONS) throw new SettingsError(`A document can hold at most ${MAX_CONNECTIONS} connections; remove one first.`);
    const apiKey = parseApiKey(apiKeyInput, PROVIDER_LABELS[draft.provider]);
    const id = `c${1 + Math.max(0, ...connections.map((connection) => Number(connection.id.slice(1))))}`;
    const connection = this.validated({ ...draft, id, ...this.devRootOf(draft.provider === 'everflow' ? draft.region : null) }, connections);
    this.userProperties.set(keyProperty(id), apiKey);
    this.write([...connections, connection]);
    return connection;
  }

  /** Changes a connection's name, region or host; the key stays unless a new one is given. */
  update(id: string, changes: { name?: string; region?: Region; host?: string }, apiKeyInput?: unknown): Connection {
    const connections = this.writableList();
    const existing = connections.find((connection) => connection.id === id);
    if (!existing) throw new SettingsError('That connection no longer exists: it was removed, perhaps in another window. Reload the sidebar.');
    const others = connections.filter((connection) => connection.id !== id);
    const region = existing.provider === 'everflow' ? (changes.region ?? existing.region) : null;
    // A development connection follows its region to that region's local API.
    const baseUrl = existing.provider === 'everflow' && region !== existing.region && existing.baseUrl !== undefined ? this.devRootOf(region) : {};
    const next =
      existing.provider === 'everflow'
        ? this.validated(
            {
              ...withoutBaseUrl(existing),
              ...(region === existing.region ? { ...pickBaseUrl(existing), ...keptFacts(existing, apiKeyInput !== undefined) } : baseUrl),
              name: changes.name ?? existing.name,
              region,
            },
            others,
          )
        : this.validated({ ...existing, name: changes.name ?? existing.name, host: changes.host ?? existing.host }, others);
    if (apiKeyInput !== undefined) this.userProperties.set(keyProperty(id), parseApiKey(apiKeyInput, PROVIDER_LABELS[existing.provider]));
    this.write(connections.map((connection) => (connection.id === id ? next : connection)));
    return next;
  }

  /**
   * Keeps what a test or a run learnt of an Everflow key with its connection (no write when
   * nothing changed); answers whether it is kept. A connection removed meanwhile is left removed.
   * The first version's single key is written in the new form only when `migrate` (a test from
   * the sidebar or menu, as any change there); a report run leaves it as it is and answers false.
   */
  recordKeyFacts(id: string, facts: KeyFacts, migrate = true): boolean {
    if (!migrate && this.userProperties.get(LIST_PROPERTY) === null) return false;
    const connections = this.writableList();
    const existing = connections.find((connection) => connection.id === id);
    if (existing?.provider !== 'everflow') return false;
    // A key's network does not change: a test that saw no invoice keeps the one known.
    const known = facts.networkId ?? (existing.role === 'network' ? existing.networkId : undefined);
    const networkId = facts.role === 'network' && known !== undefined ? { networkId: known } : {};
    const next: EverflowConnection = { ...withoutBaseUrl(existing), ...pickBaseUrl(existing), role: facts.role, ...networkId };
    if (JSON.stringify(next) !== JSON.stringify(existing)) this.write(connections.map((connection) => (connection.id === id ? next : connection)));
    return true;
  }

  /** Puts a connection and its key back as they were (after a failed test of a change). */
  restore(previous: Connection, previousKey: string | null): void {
    const connections = this.writableList();
    if (previousKey === null) this.userProperties.delete(keyProperty(previous.id));
    else this.userProperties.set(keyProperty(previous.id), previousKey);
    this.write(connections.map((connection) => (connection.id === previous.id ? previous : connection)));
  }

  remove(id: string): void {
    const connections = this.writableList();
    this.userProperties.delete(keyProperty(id));
    this.write(connections.filter((connection) => connection.id !== id));
  }

  private devRootOf(region: Region | null): { baseUrl?: string } {
    if (region === null) return {};
    const root = this.userProperties.get(devApiRootProperty(region));
    return root === null ? {} : { baseUrl: root };
  }

  private validated(candidate: unknown, others: readonly Connection[]): Connection {
    const parsed = connectionSchema.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path[0] === 'host' ? 'API host' : issue?.path[0] === 'name' ? 'Name' : String(issue?.path[0] ?? 'Connection');
      throw new SettingsError(`${field} ${issue?.message ?? 'is not valid'}.`);
    }
    const clash = others.find((other) => sameName(other.name, parsed.data.name));
    if (clash) throw new SettingsError(`Name: another connection is already called "${clash.name}"; formulas pick a connection by its name, so each needs its own.`);
    return parsed.data;
  }

  /** The list to change: the migrated legacy connection is written in the new form first. */
  private writableList(): Connection[] {
    if (this.userProperties.get(LIST_PROPERTY) === null) {
      const legacy = this.legacy();
      if (legacy) {
        const [migrated] = legacy.connections;
        if (migrated) this.userProperties.set(keyProperty(migrated.id), legacy.apiKey);
        this.write(legacy.connections);
        ConnectionSettings.removeLegacy(this.userProperties);
        return legacy.connections;
      }
      return [];
    }
    try {
      return this.list();
    } catch {
      // An unreadable list is replaced; the keys it pointed to stay in user properties until removed.
      return [];
    }
  }

  private write(connections: readonly Connection[]): void {
    this.userProperties.set(LIST_PROPERTY, JSON.stringify({ version: STORED_VERSION, connections }));
  }

  /** The single Everflow connection of the add-on's first version, if its key is stored. */
  private legacy(): { connections: [EverflowConnection]; apiKey: string } | null {
    const settings = new ConnectionSettings(this.userProperties);
    const apiKey = settings.apiKey();
    if (apiKey === null) return null;
    const override = settings.baseUrlOverride();
    const connection: EverflowConnection = { id: 'c1', name: MIGRATED_NAME, provider: 'everflow', region: settings.region(), ...(override === null ? {} : { baseUrl: override }) };
    return { connections: [connection], apiKey };
  }
}
