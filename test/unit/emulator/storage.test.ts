import { SharedClock } from '../../../test-support/clock';
import { CACHE_CAPACITY, CacheStore } from '../../../test-support/emulator/cache-service';
import { AppsScriptEmulator } from '../../../test-support/emulator/emulator';
import { PropertyStore } from '../../../test-support/emulator/properties-service';
import { writeBundle } from './support/bundle';

const CODE = `
function cachePut(key, value, ttl) { CacheService.getScriptCache().put(key, value, ttl); return 'stored'; }
function cacheGet(key) { return CacheService.getScriptCache().get(key); }
function cacheGetAll(keys) { return CacheService.getUserCache().getAll(keys); }
function cachePutAll(values, ttl) { CacheService.getUserCache().putAll(values, ttl); return 'stored'; }
function cacheRemoveAll(keys) { CacheService.getUserCache().removeAll(keys); return 'removed'; }
function setProp(scope, key, value) { PropertiesService['get' + scope + 'Properties']().setProperty(key, value); return 'set'; }
function getProp(scope, key) { return PropertiesService['get' + scope + 'Properties']().getProperty(key); }
function setProps(props, deleteAllOthers) { PropertiesService.getUserProperties().setProperties(props, deleteAllOthers); return PropertiesService.getUserProperties().getProperties(); }
function keysAndDelete() {
  var props = PropertiesService.getDocumentProperties();
  props.setProperty('a', '1').setProperty('b', '2');
  var keys = props.getKeys().sort();
  props.deleteProperty('a');
  var after = props.getKeys();
  props.deleteAllProperties();
  return [keys, after, props.getKeys()];
}
function copyNotView() { var all = PropertiesService.getScriptProperties().getProperties(); all.x = 'changed'; return PropertiesService.getScriptProperties().getProperty('x'); }
`;

describe('CacheService', () => {
  let clock: SharedClock;
  let emulator: AppsScriptEmulator;

  beforeEach(() => {
    clock = SharedClock.virtual();
    emulator = AppsScriptEmulator.load({ bundleDir: writeBundle({ 'Code.js': CODE }), clock });
  });

  it('stores strings, coerces other values, and returns null when missing', () => {
    expect(emulator.runExecution('cachePut', ['n', 42])).toMatchObject({ ok: true });
    expect(emulator.runExecution('cacheGet', ['n'])).toMatchObject({ ok: true, value: '42' });
    expect(emulator.runExecution('cacheGet', ['missing'])).toMatchObject({ ok: true, value: null });
  });

  it('expires entries on the shared clock: 600 s by default', () => {
    emulator.runExecution('cachePut', ['k', 'v']);
    clock.advance(599_999);
    expect(emulator.scriptCache.get('k')).toBe('v');
    clock.advance(1);
    expect(emulator.scriptCache.get('k')).toBeNull();
  });

  it('caps a TTL above 21,600 s at 6 hours', () => {
    emulator.runExecution('cachePut', ['k', 'v', 100_000]);
    clock.advance(21_600_000 - 1);
    expect(emulator.scriptCache.get('k')).toBe('v');
    clock.advance(1);
    expect(emulator.scriptCache.get('k')).toBeNull();
  });

  it('refuses keys over 250 characters and values over 100 KB', () => {
    expect(emulator.runExecution('cachePut', ['k'.repeat(251), 'v'])).toMatchObject({ ok: false, error: 'Argument too large: key' });
    expect(emulator.runExecution('cachePut', ['k'.repeat(250), 'v'])).toMatchObject({ ok: true });
    expect(emulator.runExecution('cachePut', ['big', 'x'.repeat(100 * 1024 + 1)])).toMatchObject({ ok: false, error: 'Argument too large: value' });
    expect(emulator.runExecution('cachePut', ['fits', 'x'.repeat(100 * 1024)])).toMatchObject({ ok: true });
    // Bytes, not characters: 'é' is two bytes in UTF-8.
    expect(emulator.runExecution('cachePut', ['wide', 'é'.repeat(60 * 1024)])).toMatchObject({ ok: false, error: 'Argument too large: value' });
  });

  it('puts, gets and removes in bulk (all or nothing when one value is too large)', () => {
    expect(emulator.runExecution('cachePutAll', [{ a: '1', b: '2' }, 60])).toMatchObject({ ok: true });
    expect(emulator.runExecution('cacheGetAll', [['a', 'b', 'c']])).toMatchObject({ ok: true, value: { a: '1', b: '2' } });
    expect(emulator.runExecution('cachePutAll', [{ c: '3', d: 'x'.repeat(200_000) }])).toMatchObject({ ok: false, error: 'Argument too large: value' });
    expect(emulator.userCache.get('c')).toBeNull();
    emulator.runExecution('cacheRemoveAll', [['a']]);
    expect(emulator.runExecution('cacheGetAll', [['a', 'b']])).toMatchObject({ ok: true, value: { b: '2' } });
  });

  it('drops the oldest written entries early when more than 1,000 are held', () => {
    const cache = new CacheStore(clock);
    for (let index = 0; index < CACHE_CAPACITY; index += 1) cache.put(`k${index}`, 'v', 3600);
    cache.get('k0'); // reading does not keep an entry
    expect(cache.size()).toBe(CACHE_CAPACITY);
    cache.put('one-more', 'v', 3600);
    expect(cache.size()).toBe(901);
    expect(cache.get('k0')).toBeNull();
    expect(cache.get('k99')).toBeNull();
    expect(cache.get('k100')).toBe('v');
    expect(cache.get('one-more')).toBe('v');
  });

  it('is shared between two emulators given the same store', () => {
    const shared = new CacheStore(clock);
    const other = AppsScriptEmulator.load({ bundleDir: writeBundle({ 'Code.js': CODE }), clock, services: { scriptCache: shared } });
    const first = AppsScriptEmulator.load({ bundleDir: writeBundle({ 'Code.js': CODE }), clock, services: { scriptCache: shared } });
    first.runExecution('cachePut', ['k', 'from first']);
    expect(other.runExecution('cacheGet', ['k'])).toMatchObject({ ok: true, value: 'from first' });
  });
});

describe('PropertiesService', () => {
  let emulator: AppsScriptEmulator;

  beforeEach(() => {
    emulator = AppsScriptEmulator.load({ bundleDir: writeBundle({ 'Code.js': CODE }), clock: SharedClock.virtual() });
  });

  it('keeps user, document and script properties apart, as strings', () => {
    emulator.runExecution('setProp', ['User', 'n', 7]);
    emulator.runExecution('setProp', ['Document', 'n', 'doc']);
    expect(emulator.runExecution('getProp', ['User', 'n'])).toMatchObject({ ok: true, value: '7' });
    expect(emulator.userProperties.getProperty('n')).toBe('7');
    expect(emulator.documentProperties.getProperty('n')).toBe('doc');
    expect(emulator.scriptProperties.getProperty('n')).toBeNull();
  });

  it('lists keys, deletes, and hands out copies', () => {
    expect(emulator.runExecution('keysAndDelete', [])).toMatchObject({ ok: true, value: [['a', 'b'], ['b'], []] });
    emulator.scriptProperties.setProperty('x', 'original');
    expect(emulator.runExecution('copyNotView', [])).toMatchObject({ ok: true, value: 'original' });
  });

  it('sets several at once, optionally deleting all others', () => {
    emulator.userProperties.setProperty('old', '1');
    expect(emulator.runExecution('setProps', [{ a: 'x' }, false])).toMatchObject({ ok: true, value: { old: '1', a: 'x' } });
    expect(emulator.runExecution('setProps', [{ b: 'y' }, true])).toMatchObject({ ok: true, value: { b: 'y' } });
  });

  it('refuses a value over 9 KB and a store over 500 KB with Apps Script messages', () => {
    expect(emulator.runExecution('setProp', ['User', 'big', 'x'.repeat(9 * 1024 + 1)])).toMatchObject({ ok: false, error: 'Argument too large: value' });
    expect(emulator.runExecution('setProp', ['User', 'fits', 'x'.repeat(9 * 1024)])).toMatchObject({ ok: true });
    const store = new PropertyStore();
    for (let index = 0; index < 56; index += 1) store.setProperty(`key${index}`, 'x'.repeat(9000));
    expect(() => store.setProperty('one-too-many', 'x'.repeat(9000))).toThrow(
      'You have exceeded the property storage quota. Please remove some properties and try again.',
    );
    expect(store.getProperty('one-too-many')).toBeNull();
  });

  it("in a custom function, reads the spreadsheet owner's user properties, read-only for an editor", () => {
    const owner = new PropertyStore().setProperty('apiKey', 'owner-key');
    const editor = AppsScriptEmulator.load({
      bundleDir: writeBundle({ 'Code.js': CODE }),
      clock: SharedClock.virtual(),
      userEmail: 'editor@example.com',
      services: { spreadsheetOwnerProperties: owner },
    });
    expect(editor.callCustomFunction('getProp', ['User', 'apiKey'])).toMatchObject({ ok: true, value: 'owner-key' });
    expect(editor.runExecution('getProp', ['User', 'apiKey'])).toMatchObject({ ok: true, value: null });
    expect(editor.callCustomFunction('setProp', ['User', 'apiKey', 'mine'])).toMatchObject({
      ok: false,
      error: 'You do not have permission to call Properties.setProperty',
    });
    expect(emulator.callCustomFunction('setProp', ['User', 'own', 'fine'])).toMatchObject({ ok: true });
  });
});
