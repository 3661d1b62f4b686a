import type { ReportsPlatform } from '../app/reports/reports-services';
import type { AppServices } from '../app/services';
import { AppsScriptCache } from '../platform/apps-script/cache';
import { AppsScriptClock } from '../platform/apps-script/clock';
import { AppsScriptCodec } from '../platform/apps-script/codec';
import { AppsScriptHttp } from '../platform/apps-script/http';
import { AppsScriptLock } from '../platform/apps-script/lock';
import { AppsScriptLog } from '../platform/apps-script/log';
import { AppsScriptMail } from '../platform/apps-script/mail';
import { AppsScriptProperties } from '../platform/apps-script/properties';
import { AppsScriptSpreadsheet } from '../platform/apps-script/spreadsheet';
import { AppsScriptTriggers } from '../platform/apps-script/triggers';
import { AppsScriptZoneRules } from '../platform/apps-script/zone-rules';

/**
 * The composition root: Apps Script services behind the ports. Built per call (Apps Script keeps
 * no state between executions anyway), and only when a public function runs: loading the bundle
 * touches no service.
 */
export function appsScriptServices(): AppServices {
  const clock = new AppsScriptClock();
  return {
    clock,
    sleeper: clock,
    http: new AppsScriptHttp(),
    userProperties: new AppsScriptProperties(PropertiesService.getUserProperties()),
    documentProperties: new AppsScriptProperties(PropertiesService.getDocumentProperties()),
    documentCache: new AppsScriptCache(CacheService.getDocumentCache() ?? CacheService.getUserCache()),
    codec: new AppsScriptCodec(),
    zones: new AppsScriptZoneRules(),
    log: new AppsScriptLog(),
    random: Math.random,
    userLock: new AppsScriptLock(() => LockService.getUserLock()),
    spreadsheetTimeZone: () => SpreadsheetApp.getActive().getSpreadsheetTimeZone(),
    spreadsheetLocale: () => SpreadsheetApp.getActive().getSpreadsheetLocale(),
  };
}

/** The spreadsheet-side ports reports need (not available to custom functions). */
export function appsScriptReportsPlatform(): ReportsPlatform {
  return {
    spreadsheet: new AppsScriptSpreadsheet(),
    documentLock: new AppsScriptLock(() => LockService.getDocumentLock()),
    triggers: new AppsScriptTriggers(),
    mail: new AppsScriptMail(),
  };
}

/** Who is running this: failure notices of the schedules they set go to them. */
export function currentUserEmail(): string | null {
  const email = Session.getEffectiveUser().getEmail();
  return email === '' ? null : email;
}
