import type { Clock } from '../../src/ports/clock';
import { CacheStore } from './cache-service';
import { LockStore } from './lock-service';
import { PropertyStore } from './properties-service';
import { TriggerRuntimeQuota, UrlFetchQuota } from './daily-quota';

/**
 * Everything an emulator keeps between executions. Give two emulators the same instances to model
 * two users of one document (share document/script properties, caches and locks) or two
 * concurrent executions of one user (share everything).
 */
export interface EmulatorStores {
  userProperties: PropertyStore;
  documentProperties: PropertyStore;
  scriptProperties: PropertyStore;
  /** The spreadsheet owner's user properties, which custom functions read; defaults to `userProperties`. */
  spreadsheetOwnerProperties: PropertyStore;
  userCache: CacheStore;
  documentCache: CacheStore;
  scriptCache: CacheStore;
  userLock: LockStore;
  documentLock: LockStore;
  scriptLock: LockStore;
  urlFetchQuota: UrlFetchQuota;
  /** The user's daily trigger runtime. */
  triggerRuntimeQuota: TriggerRuntimeQuota;
}

/** Fresh stores, with `given` ones taking their place. */
export function createEmulatorStores(clock: Clock, given: Partial<EmulatorStores> = {}): EmulatorStores {
  const userProperties = given.userProperties ?? new PropertyStore();
  return {
    userProperties,
    documentProperties: given.documentProperties ?? new PropertyStore(),
    scriptProperties: given.scriptProperties ?? new PropertyStore(),
    spreadsheetOwnerProperties: given.spreadsheetOwnerProperties ?? userProperties,
    userCache: given.userCache ?? new CacheStore(clock),
    documentCache: given.documentCache ?? new CacheStore(clock),
    scriptCache: given.scriptCache ?? new CacheStore(clock),
    userLock: given.userLock ?? LockStore.create(),
    documentLock: given.documentLock ?? LockStore.create(),
    scriptLock: given.scriptLock ?? LockStore.create(),
    urlFetchQuota: given.urlFetchQuota ?? new UrlFetchQuota(),
    triggerRuntimeQuota: given.triggerRuntimeQuota ?? new TriggerRuntimeQuota(),
  };
}
