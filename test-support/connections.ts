import type { PropertyStore } from './emulator/properties-service';

/**
 * The add-on's connection store (src/app/connections.ts) as tests write it into the emulator's
 * user properties: the list under `connections` (no keys), each key under `connection.<id>.apiKey`.
 * The first version's single key (`eflow.apiKey`, `eflow.baseUrl`) is what the harness stores,
 * so every harness start exercises the migration.
 */
export const LEGACY_API_KEY_PROPERTY = 'eflow.apiKey';
export const LEGACY_BASE_URL_PROPERTY = 'eflow.baseUrl';
export const LEGACY_PROPERTIES = [LEGACY_API_KEY_PROPERTY, LEGACY_BASE_URL_PROPERTY, 'eflow.region'];
export const CONNECTIONS_PROPERTY = 'connections';

/** Development only: where a region's Everflow API runs on this machine; new connections of that region call it. */
export function devApiRootProperty(region: 'us' | 'eu'): string {
  return `dev.apiRoot.everflow.${region}`;
}

export function apiKeyPropertyOf(id: string): string {
  return `connection.${id}.apiKey`;
}

/** True for every user property that holds an API key, old form or new. */
export function isApiKeyProperty(name: string): boolean {
  return name === LEGACY_API_KEY_PROPERTY || /^connection\.c\d+\.apiKey$/.test(name);
}

export interface TestConnection {
  name: string;
  apiKey: string;
  /** Everflow: the API root (a fake on loopback); Affise: the host. */
  baseUrl: string;
  provider?: 'everflow' | 'affise';
  region?: 'us' | 'eu';
}

type Properties = Pick<PropertyStore, 'getProperties' | 'setProperty' | 'deleteProperty'>;

/** Replaces every stored connection (old form or new) with these, ids c1, c2, … in order. */
export function storeConnections(properties: Properties, connections: readonly TestConnection[]): void {
  for (const name of Object.keys(properties.getProperties())) {
    if (isApiKeyProperty(name) || name === CONNECTIONS_PROPERTY || LEGACY_PROPERTIES.includes(name)) properties.deleteProperty(name);
  }
  const list = connections.map((connection, index) => {
    const id = `c${index + 1}`;
    properties.setProperty(apiKeyPropertyOf(id), connection.apiKey);
    return connection.provider === 'affise'
      ? { id, name: connection.name, provider: 'affise', host: connection.baseUrl }
      : { id, name: connection.name, provider: 'everflow', region: connection.region ?? 'us', baseUrl: connection.baseUrl };
  });
  properties.setProperty(CONNECTIONS_PROPERTY, JSON.stringify({ version: 1, connections: list }));
}
