import type { EverflowZone } from '../../model/invoice';

/**
 * Everflow's own `timezone_id` numbers, mapped to IANA names. Built in because whether an affiliate
 * key may call `GET /v1/meta/timezones` is unconfirmed. Keyed on IANA names, never on fixed
 * offsets, so daylight saving is right.
 */
const EVERFLOW_TIME_ZONES: Readonly<Record<string, string>> = {
  '55': 'Europe/Amsterdam',
  '56': 'Europe/Berlin',
  '58': 'Europe/Paris',
  '63': 'Europe/London',
  '67': 'UTC',
  '75': 'America/Halifax',
  '80': 'America/New_York',
  '85': 'America/Chicago',
  '87': 'America/Denver',
  '89': 'America/Phoenix',
  '90': 'America/Los_Angeles',
  '97': 'Pacific/Honolulu',
};

/** The zone for an Everflow `timezone_id` (number or numeric text); an unknown id keeps its raw text as the label. */
export function everflowZone(timezoneId: number | string | null): EverflowZone {
  if (timezoneId === null) return { iana: null, label: '' };
  const key = String(timezoneId).trim();
  const iana = Object.prototype.hasOwnProperty.call(EVERFLOW_TIME_ZONES, key) ? EVERFLOW_TIME_ZONES[key] : undefined;
  return iana ? { iana, label: iana } : { iana: null, label: key };
}
