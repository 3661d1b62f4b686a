import type { CachePort } from '../src/ports/cache';
import type { PropertiesPort } from '../src/ports/properties';

/** In-memory properties for unit tests of modules alone (the emulator has the faithful ones). */
export class MemoryProperties implements PropertiesPort {
  readonly values = new Map<string, string>();

  get(key: string): string | null {
    return this.values.get(key) ?? null;
  }

  set(key: string, value: string): void {
    this.values.set(key, value);
  }

  delete(key: string): void {
    this.values.delete(key);
  }

  keys(): string[] {
    return [...this.values.keys()];
  }
}

/** In-memory cache that enforces the 100 KB value limit and counts calls. */
export class MemoryCache implements CachePort {
  readonly values = new Map<string, string>();
  calls = 0;

  get(key: string): string | null {
    this.calls += 1;
    return this.values.get(key) ?? null;
  }

  getAll(keys: readonly string[]): Record<string, string> {
    this.calls += 1;
    const found: Record<string, string> = {};
    for (const key of keys) {
      const value = this.values.get(key);
      if (value !== undefined) found[key] = value;
    }
    return found;
  }

  put(key: string, value: string): void {
    this.putAll({ [key]: value });
  }

  putAll(values: Readonly<Record<string, string>>): void {
    this.calls += 1;
    for (const [key, value] of Object.entries(values)) {
      if (Buffer.byteLength(value, 'utf8') > 100 * 1024) throw new Error('Argument too large: value');
      this.values.set(key, value);
    }
  }

  remove(key: string): void {
    this.values.delete(key);
  }

  removeAll(keys: readonly string[]): void {
    for (const key of keys) this.values.delete(key);
  }
}
