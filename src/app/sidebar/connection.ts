import { z } from 'zod';
import { AuthenticationError, EverflowError, ForbiddenError } from '../../provider/everflow/errors';
import { describeConnection, keyRoleLabel, type AffiseUserProbe, type ConnectionReport } from '../connection';
import { forgetKeyRole } from '../key-role';
import { KeyRefusedError } from '../role-finding-provider';
import { ConnectionStore, endpointLabel, PROVIDER_LABELS, PROVIDERS, type Connection, type ConnectionDraft, type EverflowConnection } from '../connections';
import type { AppServices, Call } from '../services';
import { SettingsError } from '../settings';
import { messageOf } from '../user-message';
import type { ConnectionCheck, ConnectionSaved, ConnectionsState, ConnectionView } from './api';
import { parseSidebarInput, SidebarInputError } from './input';

const connectionInputSchema = z
  .object({
    id: z.string('must be text').max(20).optional(),
    provider: z.enum(PROVIDERS, 'choose Everflow or Affise'),
    name: z.string('must be text').max(200, 'is longer than 40 characters'),
    region: z.enum(['us', 'eu'], 'choose US or EU').optional(),
    host: z.string('must be text').max(300, 'is too long to be an API host').optional(),
    apiKey: z.string('must be text').max(1000, 'is far too long to be an API key').optional(),
  })
  .strict();

const INPUT_LABELS = { id: 'Connection', provider: 'Provider', name: 'Name', region: 'Region', host: 'API host', apiKey: 'API key' };

const idInputSchema = z.object({ id: z.string('must be text').max(20) }).strict();


/** How the panel names what a test found of an Everflow key; untested keys say so. */
function keyTypeOf(connection: EverflowConnection): string {
  if (connection.role === undefined) return 'Key type not known yet: Test finds out.';
  const network = connection.role === 'network' && connection.networkId !== undefined ? `, network ${connection.networkId}` : '';
  return `${keyRoleLabel(connection.role)}${network}`;
}

export function connectionView(store: ConnectionStore, connection: Connection): ConnectionView {
  return {
    id: connection.id,
    name: connection.name,
    provider: connection.provider,
    providerLabel: PROVIDER_LABELS[connection.provider],
    region: connection.provider === 'everflow' ? connection.region : null,
    host: connection.provider === 'affise' ? connection.host : null,
    endpoint: endpointLabel(connection),
    maskedKey: store.maskedKey(connection.id),
    keyType: connection.provider === 'everflow' ? keyTypeOf(connection) : null,
  };
}

export function connectionsState(services: AppServices): ConnectionsState {
  const store = new ConnectionStore(services.userProperties);
  try {
    return { connections: store.list().map((connection) => connectionView(store, connection)), problem: null };
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    return { connections: [], problem: error.message };
  }
}

function checkOf(view: ConnectionView, report: ConnectionReport): ConnectionCheck {
  if (report.provider === 'affise') {
    return {
      connection: view,
      summary: `Connected to Affise at ${report.endpoint} as ${report.user.name}, with key ${report.maskedKey}.`,
      facts: [
        { term: 'Key', value: report.maskedKey },
        { term: 'API host', value: report.endpoint },
        { term: 'User', value: report.user.name },
        ...(report.user.email ? [{ term: 'E-mail', value: report.user.email }] : []),
      ],
    };
  }
  return {
    connection: view,
    summary: `Connected to Everflow ${report.endpoint} with key ${report.maskedKey}.`,
    facts: [
      { term: 'Key', value: report.maskedKey },
      { term: 'Key type', value: keyRoleLabel(report.role) },
      { term: 'Reached', value: `Everflow ${report.endpoint}` },
      { term: 'Invoices', value: report.invoiceCount.toLocaleString('en-US') },
      { term: 'Currencies', value: report.currencies.length > 0 ? report.currencies.join(', ') : 'none yet' },
    ],
  };
}

/** A refusal in plain words first; the provider's own text after. */
export function refusalText(error: unknown): string {
  if (error instanceof AuthenticationError) {
    return `Everflow did not accept this key. Copy it again from Everflow, the whole key (a partner key: partner portal, My Account > API; a network key: the API keys of your Control Center). Everflow said: 401 ${error.everflowMessage}.`;
  }
  if (error instanceof KeyRefusedError || error instanceof ForbiddenError) {
    const said = error instanceof KeyRefusedError ? error.refusal.everflowMessage : error.everflowMessage;
    return `Everflow refused this key on its partner and its network endpoints alike: it may lack the permission to read invoices. Check it in Everflow (partner portal: My Account > API; network: the API keys of your Control Center). Everflow said: 403 ${said}.`;
  }
  if (error instanceof EverflowError && error.status === 404) {
    return `Everflow found no invoices at this address: check the region (US or EU). ${error.message}`;
  }
  return messageOf(error);
}

function testConnection(call: Call, store: ConnectionStore, connection: Connection, affise: AffiseUserProbe | null): ConnectionCheck {
  const report = describeConnection(call, store.withKey(connection, call.services.codec), affise);
  // The view as the test left the record: with the key's role and network.
  return checkOf(connectionView(store, store.find(connection.id) ?? connection), report);
}

/** Tests a saved connection as it is saved: nothing in the form takes part. */
export function checkConnection(call: Call, affise: AffiseUserProbe | null, input: unknown): ConnectionCheck {
  const { id } = parseSidebarInput(idInputSchema, input, { id: 'Connection' });
  const store = new ConnectionStore(call.services.userProperties);
  const connection = store.find(id);
  if (!connection) throw new SidebarInputError('That connection no longer exists: it was removed, perhaps in another window. Reload the sidebar.');
  try {
    return testConnection(call, store, connection, affise);
  } catch (error) {
    throw new Error(`"${connection.name}" did not work. ${refusalText(error)}`, { cause: error });
  }
}

function draftOf(input: z.infer<typeof connectionInputSchema>): ConnectionDraft {
  if (input.provider === 'everflow') {
    if (input.region === undefined) throw new SidebarInputError('Region: choose US or EU.');
    return { provider: 'everflow', name: input.name, region: input.region };
  }
  return { provider: 'affise', name: input.name, host: input.host ?? '' };
}

/**
 * Saves a connection and tests it. A new one is kept only if its provider accepted it; a change
 * is kept only if the changed connection works, else the connection is put back as it was and
 * the message says whether the saved one still works (it is tested again).
 */
export function saveConnection(call: Call, affise: AffiseUserProbe | null, input: unknown): ConnectionSaved {
  const parsed = parseSidebarInput(connectionInputSchema, input, INPUT_LABELS);
  const store = new ConnectionStore(call.services.userProperties);
  const draft = draftOf(parsed);
  const newKey = parsed.apiKey !== undefined && parsed.apiKey.trim() !== '' ? parsed.apiKey : undefined;
  const label = PROVIDER_LABELS[draft.provider];
  try {
    if (parsed.id === undefined) {
      if (newKey === undefined) throw new SidebarInputError(`API key: paste the ${label} API key of this connection.`);
      const added = store.add(draft, newKey);
      try {
        const check = testConnection(call, store, added, affise);
        return { state: connectionsState(call.services), check };
      } catch (error) {
        store.remove(added.id);
        throw new Error(`${refusalText(error)} Nothing was saved.`, { cause: error });
      }
    }
    const previous = store.find(parsed.id);
    if (!previous) throw new SidebarInputError('That connection no longer exists: it was removed, perhaps in another window. Reload the sidebar.');
    if (previous.provider !== draft.provider) throw new SidebarInputError(`Provider: a saved connection keeps its provider; add a new ${label} connection instead.`);
    const previousKey = store.apiKey(previous.id);
    const changed = store.update(previous.id, draft.provider === 'everflow' ? { name: draft.name, region: draft.region } : { name: draft.name, host: draft.host }, newKey);
    try {
      return { state: connectionsState(call.services), check: testConnection(call, store, changed, affise) };
    } catch (error) {
      store.restore(previous, previousKey);
      const regionChanged = previous.provider === 'everflow' && draft.provider === 'everflow' && previous.region !== draft.region;
      const where = regionChanged && newKey === undefined ? `With the region ${endpointLabel(changed)}: ` : '';
      throw new Error(`${where}${refusalText(error)} ${afterRefusal(call, store, previous, newKey !== undefined, affise)}`, { cause: error });
    }
  } catch (error) {
    if (error instanceof SettingsError) throw new SidebarInputError(error.message);
    throw error;
  }
}

/** What is kept after a refused change, tested so the words are true. */
function afterRefusal(call: Call, store: ConnectionStore, previous: Connection, keyChanged: boolean, affise: AffiseUserProbe | null): string {
  const what = keyChanged ? 'the new one was refused' : 'the change was refused';
  const masked = store.maskedKey(previous.id) ?? '';
  try {
    testConnection(call, store, previous, affise);
    return `Your saved key ${masked} still works (${endpointLabel(previous)}); ${what}, and nothing was changed.`;
  } catch (error) {
    return `Your saved key ${masked} (${endpointLabel(previous)}) is kept, but it did not work either: ${messageOf(error)}`;
  }
}

export function removeConnection(services: AppServices, input: unknown): ConnectionsState {
  const { id } = parseSidebarInput(idInputSchema, input, { id: 'Connection' });
  const store = new ConnectionStore(services.userProperties);
  const removed = store.find(id);
  if (removed && store.maskedKey(id) !== null) forgetKeyRole(services, store.withKey(removed, services.codec).fingerprint);
  store.remove(id);
  return connectionsState(services);
}
