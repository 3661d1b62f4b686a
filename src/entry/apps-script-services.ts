import type { AppServices } from '../app/services';
import { AppsScriptCache } from '../platform/apps-script/cache';
import { AppsScriptClock } from '../platform/apps-script/clock';
import { AppsScriptCodec } from '../platform/apps-script/codec';
import { AppsScriptHttp } from '../platform/apps-script/http';
import { AppsScriptLog } from '../platform/apps-script/log';
import { AppsScriptProperties } from '../platform/apps-script/properties';
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
    spreadsheetTimeZone: () => SpreadsheetApp.getActive().getSpreadsheetTimeZone(),
  };
}
