import type { Clock } from '../../src/ports/clock';
import { AppsScriptException } from './exception';
import type { EmulatorRuntime } from './runtime';

/** Apps Script's documented Cache limits. */
export const CACHE_KEY_MAX_CHARS = 250;
export const CACHE_VALUE_MAX_BYTES = 100 * 1024;
export const CACHE_DEFAULT_TTL_SECONDS = 600;
export const CACHE_MAX_TTL_SECONDS = 21_600;
export const CACHE_CAPACITY = 1000;
/**
 * When full, Apps Script drops about a tenth of the entries at once, oldest written first
 * (measured: FIFO by creation time, recent reads do not help).
 */
export const CACHE_EVICTION_BATCH = 100;

interface CacheEntry {
  value: string;
  expiresAtMs: number;
}

/**
 * One cache (user, document or script) with Apps Script's `Cache` methods and limits, expiring on
 * the shared clock. Entries can vanish before their TTL when the cache is full: a cache is never
 * the only copy. Pass the same instance to two emulators to share it.
 */
export class CacheStore {
  /** Map order is write order: the first entries are the oldest (the first evicted). */
  private readonly entries = new Map<string, CacheEntry>();

  constructor(private readonly clock: Clock) {}

  get(key: string): string | null {
    const name = String(key);
    const entry = this.entries.get(name);
    if (!entry) return null;
    if (entry.expiresAtMs <= this.clock.now()) {
      this.entries.delete(name);
      return null;
    }
    return entry.value;
  }

  getAll(keys: readonly string[]): Record<string, string> {
    const found: Record<string, string> = {};
    for (const key of keys) {
      const value = this.get(key);
      if (value !== null) found[String(key)] = value;
    }
    return found;
  }

  put(key: string, value: unknown, expirationInSeconds?: number): void {
    this.putAll({ [checkedKey(key)]: value }, expirationInSeconds);
  }

  /** Validates every pair before writing any. */
  putAll(values: Readonly<Record<string, unknown>>, expirationInSeconds?: number): void {
    const expiresAtMs = this.clock.now() + effectiveTtlSeconds(expirationInSeconds) * 1000;
    const checked = Object.entries(values).map(([key, value]) => [checkedKey(key), checkedValue(value)] as const);
    for (const [key, value] of checked) {
      this.entries.delete(key);
      this.entries.set(key, { value, expiresAtMs });
    }
    this.evictIfFull();
  }

  remove(key: string): void {
    this.entries.delete(String(key));
  }

  removeAll(keys: readonly string[]): void {
    for (const key of keys) this.remove(key);
  }

  /** Live (unexpired) entries, for tests. */
  size(): number {
    const now = this.clock.now();
    let live = 0;
    for (const entry of this.entries.values()) if (entry.expiresAtMs > now) live += 1;
    return live;
  }

  private evictIfFull(): void {
    const now = this.clock.now();
    for (const [key, entry] of this.entries) if (entry.expiresAtMs <= now) this.entries.delete(key);
    if (this.entries.size <= CACHE_CAPACITY) return;
    let toDrop = Math.max(CACHE_EVICTION_BATCH, this.entries.size - CACHE_CAPACITY);
    for (const key of this.entries.keys()) {
      if (toDrop-- <= 0) break;
      this.entries.delete(key);
    }
  }
}

function checkedKey(key: unknown): string {
  const name = String(key);
  if (name.length > CACHE_KEY_MAX_CHARS) throw new AppsScriptException('Argument too large: key');
  return name;
}

/** Apps Script coerces non-string values to strings. */
function checkedValue(value: unknown): string {
  const text = String(value);
  if (Buffer.byteLength(text, 'utf8') > CACHE_VALUE_MAX_BYTES) throw new AppsScriptException('Argument too large: value');
  return text;
}

/**
 * Default 600 s; a value above the documented maximum of 21,600 s is capped at it; a missing,
 * zero or negative one is ignored (the entry is stored with the default), as measured in Apps Script.
 */
function effectiveTtlSeconds(expirationInSeconds: number | undefined): number {
  if (expirationInSeconds === undefined || !Number.isFinite(expirationInSeconds) || expirationInSeconds < 1) return CACHE_DEFAULT_TTL_SECONDS;
  return Math.min(Math.floor(expirationInSeconds), CACHE_MAX_TTL_SECONDS);
}

export interface CacheStores {
  user: CacheStore;
  document: CacheStore;
  script: CacheStore;
}

/** The `Cache` object the script sees. */
class CacheFacade {
  constructor(
    private readonly runtime: EmulatorRuntime,
    private readonly store: CacheStore,
  ) {}

  get(key: string): string | null {
    return this.runtime.invoke('Cache.get', () => this.store.get(key));
  }

  getAll(keys: readonly string[]): Record<string, string> {
    return this.runtime.invoke('Cache.getAll', () => this.store.getAll(keys));
  }

  put(key: string, value: unknown, expirationInSeconds?: number): void {
    this.runtime.invoke('Cache.put', () => this.store.put(key, value, expirationInSeconds));
  }

  putAll(values: Readonly<Record<string, unknown>>, expirationInSeconds?: number): void {
    this.runtime.invoke('Cache.putAll', () => this.store.putAll(values, expirationInSeconds));
  }

  remove(key: string): void {
    this.runtime.invoke('Cache.remove', () => this.store.remove(key));
  }

  removeAll(keys: readonly string[]): void {
    this.runtime.invoke('Cache.removeAll', () => this.store.removeAll(keys));
  }
}

/** The `CacheService` global. */
export class CacheServiceFake {
  constructor(
    private readonly runtime: EmulatorRuntime,
    private readonly stores: CacheStores,
  ) {}

  getUserCache(): CacheFacade {
    return this.runtime.invoke('CacheService.getUserCache', () => new CacheFacade(this.runtime, this.stores.user));
  }

  getDocumentCache(): CacheFacade {
    return this.runtime.invoke('CacheService.getDocumentCache', () => new CacheFacade(this.runtime, this.stores.document));
  }

  getScriptCache(): CacheFacade {
    return this.runtime.invoke('CacheService.getScriptCache', () => new CacheFacade(this.runtime, this.stores.script));
  }
}
