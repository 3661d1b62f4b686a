import { z } from 'zod';
import { describeConnection } from '../connection';
import type { AppServices, Call } from '../services';
import { ConnectionSettings } from '../settings';
import { messageOf } from '../user-message';
import type { ConnectionCheck, ConnectionState } from './api';
import { parseSidebarInput, SidebarInputError } from './input';

const connectInputSchema = z
  .object({
    apiKey: z.string('must be text').max(1000, 'is far too long to be an API key').optional(),
    region: z.enum(['us', 'eu'], 'choose US or EU'),
  })
  .strict();

const CONNECT_LABELS = { apiKey: 'API key', region: 'Region' };

/** Key type shown after a successful test: the add-on only calls affiliate endpoints, which refuse network keys (403). */
const AFFILIATE_KEY = 'Affiliate (partner) API key';

export function connectionState(services: AppServices): ConnectionState {
  const settings = new ConnectionSettings(services.userProperties);
  return { maskedKey: settings.maskedKey(), region: settings.region() };
}

/** Tests the stored connection by listing every invoice the key sees. */
export function checkConnection(call: Call): ConnectionCheck {
  const report = describeConnection(call);
  return { maskedKey: report.maskedKey, region: report.region, keyType: AFFILIATE_KEY, invoiceCount: report.invoiceCount, currencies: report.currencies };
}

/**
 * Saves a key (or only a region) and tests it. A connection is kept only once Everflow accepted
 * it: on any failure the previous key and region are put back, so a typo never replaces a key
 * that worked.
 */
export function connectAccount(call: Call, input: unknown): ConnectionCheck {
  const { apiKey, region } = parseSidebarInput(connectInputSchema, input, CONNECT_LABELS);
  const settings = new ConnectionSettings(call.services.userProperties);
  const previousKey = settings.apiKey();
  const previousRegion = settings.region();
  const newKey = apiKey !== undefined && apiKey.trim() !== '';
  if (!newKey && previousKey === null) {
    throw new SidebarInputError('API key: paste your Everflow API key (Everflow partner portal: My Account > API).');
  }
  if (newKey) settings.setApiKey(apiKey);
  settings.setRegion(region);
  try {
    return checkConnection(call);
  } catch (error) {
    if (previousKey === null) settings.removeApiKey();
    else settings.setApiKey(previousKey);
    settings.setRegion(previousRegion);
    const kept = previousKey === null ? 'No key was saved.' : `Your previous key ${settings.maskedKey() ?? ''} is kept.`;
    throw new Error(`${messageOf(error)} ${kept}`, { cause: error });
  }
}

export function removeApiKey(services: AppServices): ConnectionState {
  new ConnectionSettings(services.userProperties).removeApiKey();
  return connectionState(services);
}
