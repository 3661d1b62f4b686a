import { AppsScriptException } from './exception';
import type { EmulatorRuntime } from './runtime';

/** Apps Script quotas: 9 KB a value, 500 KB a store (keys and values together). */
export const PROPERTY_VALUE_MAX_BYTES = 9 * 1024;
export const PROPERTY_STORE_MAX_BYTES = 500 * 1024;

const STORE_FULL_MESSAGE = 'You have exceeded the property storage quota. Please remove some properties and try again.';

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * One property store (user, document or script) with Apps Script's `Properties` methods and
 * limits. Values are stored as strings, as Apps Script stores them. Pass the same instance to two
 * emulators to share it (two users of one document share document and script properties).
 */
export class PropertyStore {
  private readonly values = new Map<string, string>();

  getProperty(key: string): string | null {
    return this.values.get(String(key)) ?? null;
  }

  setProperty(key: string, value: unknown): this {
    this.setProperties({ [String(key)]: value }, false);
    return this;
  }

  /** Sets every pair at once (all or nothing); `deleteAllOthers` first empties the store. */
  setProperties(properties: Readonly<Record<string, unknown>>, deleteAllOthers = false): this {
    const next = new Map(deleteAllOthers ? [] : this.values);
    for (const [key, raw] of Object.entries(properties)) {
      if (key === '') throw new AppsScriptException('Invalid argument: key');
      const value = String(raw);
      if (utf8Bytes(value) > PROPERTY_VALUE_MAX_BYTES) throw new AppsScriptException('Argument too large: value');
      next.set(key, value);
    }
    let total = 0;
    for (const [key, value] of next) total += utf8Bytes(key) + utf8Bytes(value);
    if (total > PROPERTY_STORE_MAX_BYTES) throw new AppsScriptException(STORE_FULL_MESSAGE);
    this.values.clear();
    for (const [key, value] of next) this.values.set(key, value);
    return this;
  }

  /** A copy, not a live view (as in Apps Script). */
  getProperties(): Record<string, string> {
    return Object.fromEntries(this.values);
  }

  getKeys(): string[] {
    return [...this.values.keys()];
  }

  deleteProperty(key: string): this {
    this.values.delete(String(key));
    return this;
  }

  deleteAllProperties(): this {
    this.values.clear();
    return this;
  }
}

/** The stores PropertiesService hands out. */
export interface PropertyStores {
  user: PropertyStore;
  document: PropertyStore;
  script: PropertyStore;
  /**
   * The spreadsheet owner's user properties: what `getUserProperties()` reads inside a custom
   * function (Apps Script runs formulas as the owner). Same as `user` when this user owns the file.
   */
  spreadsheetOwner: PropertyStore;
}

/** The `Properties` object the script sees: every method goes through the runtime's checks. */
class PropertiesFacade {
  constructor(
    private readonly runtime: EmulatorRuntime,
    private readonly store: PropertyStore,
    /** False for an editor's custom function reading the owner's user properties. */
    private readonly writable: boolean,
  ) {}

  getProperty(key: string): string | null {
    return this.runtime.invoke('Properties.getProperty', () => this.store.getProperty(key));
  }

  getProperties(): Record<string, string> {
    return this.runtime.invoke('Properties.getProperties', () => this.store.getProperties());
  }

  getKeys(): string[] {
    return this.runtime.invoke('Properties.getKeys', () => this.store.getKeys());
  }

  setProperty(key: string, value: unknown): this {
    this.write('Properties.setProperty', () => this.store.setProperty(key, value));
    return this;
  }

  setProperties(properties: Readonly<Record<string, unknown>>, deleteAllOthers?: boolean): this {
    this.write('Properties.setProperties', () => this.store.setProperties(properties, deleteAllOthers === true));
    return this;
  }

  deleteProperty(key: string): this {
    this.write('Properties.deleteProperty', () => this.store.deleteProperty(key));
    return this;
  }

  deleteAllProperties(): this {
    this.write('Properties.deleteAllProperties', () => this.store.deleteAllProperties());
    return this;
  }

  private write(name: string, body: () => void): void {
    this.runtime.invoke(name, () => {
      if (!this.writable) throw new AppsScriptException(`You do not have permission to call ${name}`);
      body();
    });
  }
}

/** The `PropertiesService` global. */
export class PropertiesServiceFake {
  constructor(
    private readonly runtime: EmulatorRuntime,
    private readonly stores: PropertyStores,
  ) {}

  getUserProperties(): PropertiesFacade {
    return this.runtime.invoke('PropertiesService.getUserProperties', () => {
      if (this.runtime.mode() === 'custom-function') {
        const owner = this.stores.spreadsheetOwner;
        return new PropertiesFacade(this.runtime, owner, owner === this.stores.user);
      }
      return new PropertiesFacade(this.runtime, this.stores.user, true);
    });
  }

  getDocumentProperties(): PropertiesFacade {
    return this.runtime.invoke('PropertiesService.getDocumentProperties', () => new PropertiesFacade(this.runtime, this.stores.document, true));
  }

  getScriptProperties(): PropertiesFacade {
    return this.runtime.invoke('PropertiesService.getScriptProperties', () => new PropertiesFacade(this.runtime, this.stores.script, true));
  }
}
