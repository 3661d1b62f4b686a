/** A key-value store of strings (Apps Script PropertiesService): 9 KB a value, 500 KB a store. */
export interface PropertiesPort {
  get(key: string): string | null;
  set(key: string, value: string): void;
  delete(key: string): void;
  keys(): string[];
}
