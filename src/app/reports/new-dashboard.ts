import { ADD_CONNECTION_HINT, PROVIDER_LABELS, type Connection } from '../connections';
import { DASHBOARD_KINDS, type ReportDefinitionInput, type Schedule } from './definition';
import { newReportId } from './manage-reports';
import { uniqueName } from './report-from-formula';

/** A fresh dashboard refreshes every morning, before the working day, in the spreadsheet's zone. */
export const NEW_DASHBOARD_SCHEDULE: Schedule = { frequency: 'daily', hour: 6 };

export class NewDashboardError extends Error {
  override name = 'NewDashboardError';
}

/** "Partner" (Everflow), "Network" (Affise): the choices as the menu's question lists them. */
export function connectionChoicesText(connections: readonly Connection[]): string {
  return connections.map((connection) => `${JSON.stringify(connection.name)} (${PROVIDER_LABELS[connection.provider]})`).join(', ');
}

/**
 * The connection "Add a receivables dashboard" from the menu reads: the only one there is, or,
 * with several (Everflow and Affise alike), the one whose name the user typed (any case). Null
 * when there are several and none was named yet: the menu asks, then calls again with the answer.
 */
export function dashboardConnection(connections: readonly Connection[], typedName: string): Connection;
export function dashboardConnection(connections: readonly Connection[], typedName: null): Connection | null;
export function dashboardConnection(connections: readonly Connection[], typedName: string | null): Connection | null {
  const [only] = connections;
  if (connections.length === 0) throw new NewDashboardError(`No connection is set up. ${ADD_CONNECTION_HINT}`);
  if (connections.length === 1 && only) return only;
  if (typedName === null) return null;
  const wanted = typedName.trim().toLowerCase();
  const named = connections.find((connection) => connection.name.toLowerCase() === wanted);
  if (!named) {
    const shown = JSON.stringify(typedName.length > 40 ? `${typedName.slice(0, 40)}…` : typedName);
    throw new NewDashboardError(`No dashboard was added: no connection is named ${shown}. Your connections: ${connectionChoicesText(connections)}.`);
  }
  return named;
}

/**
 * A dashboard report on a sheet of its own, reading `connection` (an Everflow dashboard or an
 * Affise one, by its provider), validated by saveReport like any other. The only connection of
 * its provider is left unnamed, as a report without `account` reads it; otherwise it is named.
 */
export function newDashboard(takenIds: readonly string[], takenSheets: readonly string[], connections: readonly Connection[], connection: Connection): ReportDefinitionInput {
  const sameProvider = connections.filter((candidate) => candidate.provider === connection.provider);
  const name = uniqueName('Receivables dashboard', takenSheets);
  return {
    id: newReportId(name, takenIds),
    name,
    kind: DASHBOARD_KINDS[connection.provider],
    ...(sameProvider.length > 1 ? { account: connection.name } : {}),
    sheet: name,
    mode: 'replace',
    schedule: NEW_DASHBOARD_SCHEDULE,
  };
}
