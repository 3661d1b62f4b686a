import { baseUrlSchema, ConnectionSettings, parseApiKey, REGIONS, SettingsError } from '../../../src/app/settings';
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
    expect(() => new ConnectionSettings(properties).baseUrlOverride()).toThrow(
      'The stored API base URL "http://example.com/v1" is not accepted: use https://host or https://host/v1 (http only for this machine: 127.0.0.1, localhost, [::1]).',
    );
  });
});

describe('baseUrlSchema', () => {
  it.each([
    ['https://api.eflow.team', 'https://api.eflow.team/v1'],
    ['https://api.eflow.team/v1', 'https://api.eflow.team/v1'],
    ['  https://API-EU.eflow.team/v1/ ', 'https://API-EU.eflow.team/v1'],
    ['https://eflow.example:8443', 'https://eflow.example:8443/v1'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010/v1'],
    ['http://localhost:4010/v1', 'http://localhost:4010/v1'],
    ['http://[::1]:4010/', 'http://[::1]:4010/v1'],
  ])('accepts %j with or without /v1, as %j', (input, stored) => {
    expect(baseUrlSchema.parse(input)).toBe(stored);
  });

  it.each(['http://example.com/v1', 'https://api.eflow.team/v2', 'https://api.eflow.team/v1/affiliates', 'ftp://api.eflow.team', 'api.eflow.team', 'https://', 'https://host name'])(
    'refuses %j naming it',
    (input) => {
      const parsed = baseUrlSchema.safeParse(input);
      expect(parsed.success ? null : parsed.error.issues[0]?.message).toBe(
        `API base URL ${JSON.stringify(input)} is not accepted: use https://host or https://host/v1 (http only for this machine: 127.0.0.1, localhost, [::1])`,
      );
    },
  );

  it('never echoes a password written into a refused base URL', () => {
    const parsed = baseUrlSchema.safeParse('https://me:s3cret-pass@api.eflow.team/v1');
    expect(parsed.success ? null : parsed.error.issues[0]?.message).toContain('API base URL "https://••••@api.eflow.team/v1" is not accepted');
  });
});
