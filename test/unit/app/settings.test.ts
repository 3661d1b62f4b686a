import { ConnectionSettings, parseApiKey, REGIONS, SettingsError } from '../../../src/app/settings';
import { MemoryProperties } from '../../../test-support/memory-ports';

describe('parseApiKey', () => {
  it('trims the key', () => {
    expect(parseApiKey('  abcDEF123456xyz789\n')).toBe('abcDEF123456xyz789');
  });

  it.each([
    ['', 'That API key is too short to be an Everflow API key. Copy it again from Everflow: My Account > API.'],
    ['short', 'That API key is too short to be an Everflow API key. Copy it again from Everflow: My Account > API.'],
    ['has a space inside', 'That API key may only hold printable characters without spaces. Copy it again from Everflow: My Account > API.'],
    ['x'.repeat(201), 'That API key is too long to be an Everflow API key. Copy it again from Everflow: My Account > API.'],
  ])('rejects the key %j without echoing it', (input, message) => {
    expect(() => parseApiKey(input)).toThrow(new SettingsError(message));
  });

  it("names the provider whose key it is", () => {
    expect(() => parseApiKey('short', 'Affise')).toThrow('That API key is too short to be an Affise API key. Copy it again from Affise');
  });

  it('rejects a key that is not text', () => {
    expect(() => parseApiKey(12345678)).toThrow(SettingsError);
  });
});

describe('ConnectionSettings (the first version\'s single connection, read for migration)', () => {
  it('reads key, region and a loopback development address; removes them all', () => {
    const properties = new MemoryProperties();
    const settings = new ConnectionSettings(properties);
    expect(settings.apiKey()).toBeNull();
    expect(settings.region()).toBe('us');
    expect(settings.baseUrlOverride()).toBeNull();
    properties.set('eflow.apiKey', 'abcDEF123456xyz789');
    properties.set('eflow.region', 'eu');
    properties.set('eflow.baseUrl', 'http://127.0.0.1:8080/v1/');
    expect(settings.apiKey()).toBe('abcDEF123456xyz789');
    expect(settings.region()).toBe('eu');
    expect(settings.baseUrlOverride()).toBe('http://127.0.0.1:8080/v1');
    ConnectionSettings.removeLegacy(properties);
    expect(properties.keys()).toEqual([]);
    expect(REGIONS.eu).toBe('https://api-eu.eflow.team/v1');
  });

  it('refuses an address that is neither https nor on this machine', () => {
    const properties = new MemoryProperties();
    properties.set('eflow.baseUrl', 'http://example.com/v1');
    expect(() => new ConnectionSettings(properties).baseUrlOverride()).toThrow('The stored API base URL "http://example.com/v1" must be https, or http on this machine.');
  });
});
