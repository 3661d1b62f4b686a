import { ConnectionSettings, REGIONS, SettingsError } from '../../../src/app/settings';
import { MemoryProperties } from '../../../test-support/memory-ports';

describe('ConnectionSettings', () => {
  const key = 'abcDEF123456xyz789';

  it('stores the key trimmed, shows only its last four characters, and removes it', () => {
    const properties = new MemoryProperties();
    const settings = new ConnectionSettings(properties);
    expect(settings.apiKey()).toBeNull();
    expect(() => settings.requireApiKey()).toThrow('No Everflow API key is set. Set one with Extensions > Affiliate Billing > Set API key.');
    settings.setApiKey(`  ${key}\n`);
    expect(settings.apiKey()).toBe(key);
    expect(settings.maskedKey()).toBe('••••z789');
    settings.removeApiKey();
    expect(settings.apiKey()).toBeNull();
  });

  it.each([
    ['', 'That API key is too short to be an Everflow API key. Copy it again from Everflow: My Account > API.'],
    ['short', 'That API key is too short to be an Everflow API key. Copy it again from Everflow: My Account > API.'],
    ['has a space inside', 'That API key may only hold printable characters without spaces. Copy it again from Everflow: My Account > API.'],
    ['x'.repeat(201), 'That API key is too long to be an Everflow API key. Copy it again from Everflow: My Account > API.'],
  ])('rejects the key %j without echoing it', (input, message) => {
    const settings = new ConnectionSettings(new MemoryProperties());
    expect(() => settings.setApiKey(input)).toThrow(new SettingsError(message));
  });

  it('rejects a key that is not text', () => {
    expect(() => new ConnectionSettings(new MemoryProperties()).setApiKey(12345678)).toThrow(SettingsError);
  });

  it('picks the API host by region and accepts only https or loopback overrides', () => {
    const settings = new ConnectionSettings(new MemoryProperties());
    expect(settings.baseUrl()).toBe(REGIONS.us);
    settings.setRegion('EU');
    expect(settings.baseUrl()).toBe(REGIONS.eu);
    expect(() => settings.setRegion('asia')).toThrow('Region must be "us" or "eu".');
    expect(() => settings.setBaseUrlOverride('http://example.com/v1')).toThrow('API base URL must be https, or http on this machine.');
    settings.setBaseUrlOverride('http://127.0.0.1:8080/v1/');
    expect(settings.baseUrl()).toBe('http://127.0.0.1:8080/v1');
  });
});
