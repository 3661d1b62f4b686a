import type { LockPort } from '../../ports/lock';
import type { MailPort } from '../../ports/mail';
import type { SpreadsheetPort } from '../../ports/spreadsheet';
import type { TriggerPort } from '../../ports/triggers';
import { openAffiseReportSource } from '../affise/access';
import { openProvider } from '../invoice-access';
import type { AppServices } from '../services';
import { ConnectionStore } from '../connections';
import type { ReportAdminDeps } from './manage-reports';
import type { ReportsDeps } from './run-reports';

/** The platform pieces reports need beyond the app's services. */
export interface ReportsPlatform {
  spreadsheet: SpreadsheetPort;
  documentLock: LockPort;
  triggers: TriggerPort;
  mail: MailPort | null;
}

/** Runner dependencies from the app's services: the provider of each report's connection, every key masked everywhere. */
export function reportsDeps(services: AppServices, platform: ReportsPlatform): ReportsDeps {
  return {
    spreadsheet: platform.spreadsheet,
    documentProperties: services.documentProperties,
    documentLock: platform.documentLock,
    clock: services.clock,
    zones: services.zones,
    log: services.log,
    mail: platform.mail,
    openProvider: (account) => openProvider(services, account),
    openAffise: (account) => openAffiseReportSource(services, account),
    secrets: () => new ConnectionStore(services.userProperties).allKeys(),
  };
}

export function reportAdminDeps(services: AppServices, platform: ReportsPlatform): ReportAdminDeps {
  return {
    documentProperties: services.documentProperties,
    spreadsheet: platform.spreadsheet,
    triggers: platform.triggers,
    clock: services.clock,
    zones: services.zones,
  };
}
