/** The subset of Apps Script's Cache the add-on uses. Values are strings of at most 100 KB. */
export interface CachePort {
  get(key: string): string | null;
  getAll(keys: readonly string[]): Record<string, string>;
  put(key: string, value: string, ttlSeconds: number): void;
  putAll(values: Readonly<Record<string, string>>, ttlSeconds: number): void;
  remove(key: string): void;
  removeAll(keys: readonly string[]): void;
}
