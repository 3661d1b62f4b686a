import type { CachePort } from '../../ports/cache';

export class AppsScriptCache implements CachePort {
  constructor(private readonly cache: GoogleAppsScript.Cache.Cache) {}

  get(key: string): string | null {
    return this.cache.get(key);
  }

  getAll(keys: readonly string[]): Record<string, string> {
    return keys.length === 0 ? {} : this.cache.getAll([...keys]);
  }

  put(key: string, value: string, ttlSeconds: number): void {
    this.cache.put(key, value, ttlSeconds);
  }

  putAll(values: Readonly<Record<string, string>>, ttlSeconds: number): void {
    this.cache.putAll({ ...values }, ttlSeconds);
  }

  remove(key: string): void {
    this.cache.remove(key);
  }

  removeAll(keys: readonly string[]): void {
    if (keys.length > 0) this.cache.removeAll([...keys]);
  }
}
