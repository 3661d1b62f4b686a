/**
 * A second user of the same document, in a second emulator: it shares the document's stores
 * (properties, cache, the document lock) and the spreadsheet itself, and has its own user
 * properties (API key) and identity.
 */
import { AppsScriptEmulator } from '../../../test-support/emulator/emulator';
import { ServiceCallCounter } from '../../../test-support/emulator/spreadsheet';
import { HtmlServiceFake } from '../../../test-support/emulator/spreadsheet/html-service';
import { MailAppFake } from '../../../test-support/emulator/spreadsheet/mail-app';
import { ScriptAppFake } from '../../../test-support/emulator/spreadsheet/script-app';
import { ServiceContext } from '../../../test-support/emulator/spreadsheet/service-context';
import { SpreadsheetAppFake } from '../../../test-support/emulator/spreadsheet/spreadsheet-app';
import { UiFake } from '../../../test-support/emulator/spreadsheet/ui';
import { DEMO_AFFILIATE_KEY } from '../../../test-support/fake-everflow';
import { API_KEY_PROPERTY, BASE_URL_PROPERTY, urlFetchPrefixOf, type AddOnHarness } from '../../../test-support/harness';

export interface SecondUser {
  emulator: AppsScriptEmulator;
  /** This user's own Spreadsheet service calls. */
  calls: ServiceCallCounter;
}

/**
 * The spreadsheet services over the harness's document for another emulator. Built here rather
 * than with createSpreadsheetGlobals, which would re-bind the document to the second emulator
 * (its recalculation and trigger scheduler belong to the first).
 */
export function secondUserOf(harness: AddOnHarness, userEmail = 'colleague@example.com'): SecondUser {
  const { stores } = harness.emulator;
  const calls = new ServiceCallCounter();
  const state = harness.sheets;
  const emulator = AppsScriptEmulator.load({
    clock: harness.clock,
    spreadsheetTimeZone: state.spreadsheet.timeZone,
    userEmail,
    extraUrlFetchPrefixes: [urlFetchPrefixOf(harness.baseUrl)],
    services: {
      documentProperties: stores.documentProperties,
      documentCache: stores.documentCache,
      documentLock: stores.documentLock,
      scriptProperties: stores.scriptProperties,
      scriptCache: stores.scriptCache,
      scriptLock: stores.scriptLock,
    },
    extraGlobals: (runtime) => {
      const context = new ServiceContext(runtime, calls);
      return {
        SpreadsheetApp: new SpreadsheetAppFake({ context, book: state.spreadsheet, ui: new UiFake(context, state.ui) }),
        ScriptApp: new ScriptAppFake({ context, store: state.triggers, documentId: state.spreadsheet.id }),
        HtmlService: new HtmlServiceFake(context, state.htmlFiles),
        MailApp: new MailAppFake(context, state.outbox, runtime.clock),
      };
    },
  });
  emulator.userProperties.setProperty(BASE_URL_PROPERTY, harness.baseUrl);
  emulator.userProperties.setProperty(API_KEY_PROPERTY, DEMO_AFFILIATE_KEY);
  return { emulator, calls };
}

/**
 * Runs `during` once, the first time `method` is called through `counter` (e.g. the first
 * 'Range.setValues' of a refresh, which holds the document lock while it writes its sheet).
 */
export function onFirstServiceCall(counter: ServiceCallCounter, method: string, during: () => void): void {
  const record = counter.record.bind(counter);
  let done = false;
  counter.record = (qualifiedName: string): void => {
    record(qualifiedName);
    if (done || qualifiedName !== method) return;
    done = true;
    during();
  };
}
