import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { SharedClock } from '../../../test-support/clock';
import { AppsScriptEmulator } from '../../../test-support/emulator/emulator';
import { formatDate } from '../../../test-support/emulator/format-date';
import { formatString } from '../../../test-support/emulator/format-string';
import { writeBundle } from './support/bundle';

const CODE = `
function fmt(ms, zone, pattern) { return Utilities.formatDate(new Date(ms), zone, pattern); }
function fmtWrongTypes() { return Utilities.formatDate('2026-01-01', 'Etc/UTC', 'yyyy'); }
function digest(algorithm, text) { return Utilities.computeDigest(Utilities.DigestAlgorithm[algorithm], text); }
function hmac(text, key) { return Utilities.computeHmacSha256Signature(text, key); }
function base64(text) {
  var encoded = Utilities.base64Encode(text);
  var webSafe = Utilities.base64EncodeWebSafe(text);
  return [encoded, webSafe, Utilities.newBlob(Utilities.base64Decode(encoded)).getDataAsString(), Utilities.newBlob(Utilities.base64DecodeWebSafe(webSafe)).getDataAsString()];
}
function badBase64() { return Utilities.base64Decode('not base64!'); }
function gzipRoundTrip(text) {
  var blob = Utilities.newBlob(text, 'application/json', 'data.json');
  var zipped = Utilities.gzip(blob);
  var unzipped = Utilities.ungzip(zipped);
  return [zipped.getContentType(), zipped.getName(), zipped.getBytes().length < text.length, unzipped.getDataAsString(), unzipped.getName(), Array.isArray(zipped.getBytes())];
}
function gzipBytes(text) { return Utilities.gzip(Utilities.newBlob(text)).getBytes(); }
function blobOps() {
  var blob = Utilities.newBlob([104, 105], 'text/plain', 'hi.txt');
  var first = blob.getDataAsString();
  blob.setDataFromString('héllo');
  return [first, blob.getDataAsString(), blob.getBytes().length, blob.getContentType(), blob.getName(), blob.copyBlob().getDataAsString()];
}
function sleepTooLong() { Utilities.sleep(300001); }
function sleepFor(ms) { Utilities.sleep(ms); return Date.now(); }
function uuid() { return Utilities.getUuid(); }
function sprintf() { return Utilities.formatString('%s has %d items costing %.2f (%5s|%-5s|%05d)', 'cart', 3, 9.5, 'r', 'l', 42); }
`;

describe('Utilities', () => {
  let clock: SharedClock;
  let emulator: AppsScriptEmulator;

  beforeEach(() => {
    clock = SharedClock.virtual();
    emulator = AppsScriptEmulator.load({ bundleDir: writeBundle({ 'Code.js': CODE }), clock });
  });

  describe('formatDate', () => {
    // 2026-03-08 06:59:59.005Z is one second before New York springs forward (07:00Z).
    const beforeSpring = Date.UTC(2026, 2, 8, 6, 59, 59, 5);

    it('formats in any zone, through DST changes', () => {
      expect(emulator.runExecution('fmt', [beforeSpring, 'America/New_York', "yyyy-MM-dd'T'HH:mm:ss.SSS z Z XXX"])).toMatchObject({
        ok: true,
        value: '2026-03-08T01:59:59.005 EST -0500 -05:00',
      });
      expect(emulator.runExecution('fmt', [beforeSpring + 1000, 'America/New_York', 'yyyy-MM-dd HH:mm:ss z Z'])).toMatchObject({
        ok: true,
        value: '2026-03-08 03:00:00 EDT -0400',
      });
      expect(formatDate(Date.UTC(2026, 9, 25, 0, 59), 'Europe/Berlin', 'HH:mm z')).toBe('02:59 CEST');
      expect(formatDate(Date.UTC(2026, 9, 25, 1, 0), 'Europe/Berlin', 'HH:mm z')).toBe('02:00 CET');
      expect(formatDate(beforeSpring, 'Asia/Kolkata', 'HH:mm XXX')).toBe('12:29 +05:30');
      expect(formatDate(beforeSpring, 'Etc/UTC', 'HH:mm z X')).toBe('06:59 UTC Z');
    });

    it('knows the pattern letters of SimpleDateFormat, quoting included', () => {
      const at = Date.UTC(2026, 0, 5, 15, 4, 5, 7);
      expect(formatDate(at, 'Etc/UTC', "EEE EEEE MMM MMMM M d dd yy yyyy h hh H a mm ss SSS 'o''clock' ''")).toBe(
        "Mon Monday Jan January 1 5 05 26 2026 3 03 15 PM 04 05 007 o'clock '",
      );
      expect(formatDate(at, 'Etc/UTC', 'D u k K zzzz')).toBe('5 1 15 3 Coordinated Universal Time');
    });

    it("reproduces Java's week-year: YYYY differs from yyyy in the last days of December", () => {
      expect(formatDate(Date.UTC(2025, 11, 29), 'Etc/UTC', 'YYYY yyyy ww')).toBe('2026 2025 01');
    });

    it('takes custom GMT offsets and falls back to GMT for unknown zones, as Java does', () => {
      expect(formatDate(beforeSpring, 'GMT+2', 'HH:mm z Z')).toBe('08:59 GMT+02:00 +0200');
      expect(formatDate(beforeSpring, 'Mars/Olympus', 'HH:mm z')).toBe('06:59 GMT');
    });

    it('throws on an unknown pattern letter and on arguments of the wrong type', () => {
      expect(emulator.runExecution('fmt', [beforeSpring, 'Etc/UTC', 'yyyy q'])).toMatchObject({ ok: false, error: "Illegal pattern character 'q'" });
      expect(emulator.runExecution('fmtWrongTypes', [])).toMatchObject({
        ok: false,
        error: "The parameters (String,String,String) don't match the method signature for Utilities.formatDate.",
      });
    });
  });

  it('computes digests and HMACs as signed bytes', () => {
    const signed = (buffer: Buffer): number[] => Array.from(buffer, (byte) => (byte > 127 ? byte - 256 : byte));
    expect(emulator.runExecution('digest', ['SHA_256', 'abc'])).toMatchObject({ ok: true, value: signed(crypto.createHash('sha256').update('abc').digest()) });
    expect(emulator.runExecution('digest', ['MD5', 'abc'])).toMatchObject({ ok: true, value: signed(crypto.createHash('md5').update('abc').digest()) });
    expect(emulator.runExecution('hmac', ['message', 'key'])).toMatchObject({ ok: true, value: signed(crypto.createHmac('sha256', 'key').update('message').digest()) });
  });

  it('encodes and decodes Base64, standard and web-safe (which keeps its padding)', () => {
    const text = 'subjects?_d>>';
    expect(emulator.runExecution('base64', [text])).toMatchObject({
      ok: true,
      value: [Buffer.from(text).toString('base64'), 'c3ViamVjdHM_X2Q-Pg==', text, text],
    });
    expect(emulator.runExecution('badBase64', [])).toMatchObject({ ok: false, error: 'Could not decode string.' });
  });

  it('gzips for real and round-trips', () => {
    const text = JSON.stringify({ rows: new Array(200).fill('repeated value') });
    expect(emulator.runExecution('gzipRoundTrip', [text])).toMatchObject({
      ok: true,
      value: ['application/x-gzip', 'data.json.gz', true, text, 'data.json', true],
    });
    const bytes = emulator.runExecution('gzipBytes', ['plain gzip']);
    expect(bytes.ok).toBe(true);
    const unsigned = Buffer.from((bytes.ok ? (bytes.value as number[]) : []).map((byte) => byte & 0xff));
    expect(zlib.gunzipSync(unsigned).toString()).toBe('plain gzip');
  });

  it('makes blobs from bytes or strings', () => {
    expect(emulator.runExecution('blobOps', [])).toMatchObject({ ok: true, value: ['hi', 'héllo', 6, 'text/plain', 'hi.txt', 'héllo'] });
  });

  it('sleeps on the shared clock, at most 5 minutes at a time', () => {
    const start = clock.now();
    expect(emulator.runExecution('sleepFor', [1500])).toMatchObject({ ok: true, value: start + 1500 });
    expect(emulator.runExecution('sleepTooLong', [])).toMatchObject({ ok: false, error: 'Argument too large: milliseconds' });
  });

  it('formats strings sprintf-style and makes UUIDs', () => {
    expect(emulator.runExecution('sprintf', [])).toMatchObject({ ok: true, value: 'cart has 3 items costing 9.50 (    r|l    |00042)' });
    expect(formatString('100%% of %s', ['it'])).toBe('100% of it');
    expect(emulator.runExecution('uuid', [])).toMatchObject({ ok: true, value: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/) });
  });
});
