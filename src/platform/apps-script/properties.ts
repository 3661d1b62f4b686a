import type { PropertiesPort } from '../../ports/properties';

export class AppsScriptProperties implements PropertiesPort {
  constructor(private readonly properties: GoogleAppsScript.Properties.Properties) {}

  get(key: string): string | null {
    return this.properties.getProperty(key);
  }

  set(key: string, value: string): void {
    this.properties.setProperty(key, value);
  }

  delete(key: string): void {
    this.properties.deleteProperty(key);
  }

  keys(): string[] {
    return this.properties.getKeys();
  }
}
