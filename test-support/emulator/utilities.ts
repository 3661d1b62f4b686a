import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { BlobFake, bytesOf, toSignedBytes } from './blob';
import { AppsScriptException } from './exception';
import { formatDate } from './format-date';
import { formatString } from './format-string';
import { isDate } from './script-realm';
import type { EmulatorRuntime } from './runtime';

/** Utilities.sleep refuses more than five minutes. */
const SLEEP_MAX_MS = 300_000;

/** Apps Script enum values print as their names. */
const DigestAlgorithm = Object.freeze({ MD5: 'MD5', SHA_1: 'SHA_1', SHA_256: 'SHA_256', SHA_384: 'SHA_384', SHA_512: 'SHA_512' });
const MacAlgorithm = Object.freeze({
  HMAC_MD5: 'HMAC_MD5',
  HMAC_SHA_1: 'HMAC_SHA_1',
  HMAC_SHA_256: 'HMAC_SHA_256',
  HMAC_SHA_384: 'HMAC_SHA_384',
  HMAC_SHA_512: 'HMAC_SHA_512',
});
const Charset = Object.freeze({ US_ASCII: 'US_ASCII', UTF_8: 'UTF_8' });

const NODE_HASHES: Readonly<Record<string, string>> = { MD5: 'md5', SHA_1: 'sha1', SHA_256: 'sha256', SHA_384: 'sha384', SHA_512: 'sha512' };

const STANDARD_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const WEB_SAFE_BASE64 = /^[A-Za-z0-9\-_]*={0,2}$/;

function nodeHash(algorithm: unknown, prefix: '' | 'HMAC_'): string {
  const name = String(algorithm);
  const hash = name.startsWith(prefix) ? NODE_HASHES[name.slice(prefix.length)] : undefined;
  if (!hash) throw new AppsScriptException(`Invalid argument: algorithm (${name})`);
  return hash;
}

/** Java-style type names for Apps Script's "parameters don't match" message. */
function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'number' || typeof value === 'undefined') return typeof value;
  if (isDate(value)) return 'Date';
  if (Array.isArray(value)) return 'number[]';
  return 'Object';
}

function signatureMismatch(method: string, args: readonly unknown[]): AppsScriptException {
  return new AppsScriptException(`The parameters (${args.map(typeName).join(',')}) don't match the method signature for ${method}.`);
}

function decodeBase64(encoded: unknown, alphabet: RegExp, bufferEncoding: 'base64' | 'base64url'): Uint8Array {
  const text = String(encoded).replace(/\s+/g, '');
  if (!alphabet.test(text)) throw new AppsScriptException('Could not decode string.');
  return new Uint8Array(Buffer.from(text, bufferEncoding));
}

/** The `Utilities` global. */
export class UtilitiesFake {
  readonly DigestAlgorithm = DigestAlgorithm;
  readonly MacAlgorithm = MacAlgorithm;
  readonly Charset = Charset;

  constructor(private readonly runtime: EmulatorRuntime) {}

  /** Sleeps on the shared clock; a sleep past the running call's deadline ends the call there. */
  sleep(milliseconds: number): void {
    this.runtime.invoke('Utilities.sleep', () => {
      const ms = Number(milliseconds);
      if (!Number.isFinite(ms) || ms < 0) throw new AppsScriptException('Invalid argument: milliseconds');
      if (ms > SLEEP_MAX_MS) throw new AppsScriptException('Argument too large: milliseconds');
      const clock = this.runtime.clock;
      const deadline = this.runtime.deadline();
      const budget = deadline ? Math.max(0, deadline.deadlineAtMs - clock.now()) : Infinity;
      clock.sleep(Math.min(ms, budget));
    });
  }

  formatDate(date: Date, timeZone: string, format: string): string {
    return this.runtime.invoke('Utilities.formatDate', () => {
      if (!isDate(date) || typeof timeZone !== 'string' || typeof format !== 'string') {
        throw signatureMismatch('Utilities.formatDate', [date, timeZone, format]);
      }
      return formatDate(date.getTime(), timeZone, format);
    });
  }

  formatString(template: string, ...args: unknown[]): string {
    return this.runtime.invoke('Utilities.formatString', () => formatString(template, args));
  }

  computeDigest(algorithm: string, value: string | number[], charset?: string): number[] {
    return this.runtime.invoke('Utilities.computeDigest', () =>
      toSignedBytes(crypto.createHash(nodeHash(algorithm, '')).update(bytesOf(value, charset)).digest()),
    );
  }

  computeHmacSignature(algorithm: string, value: string | number[], key: string | number[], charset?: string): number[] {
    return this.runtime.invoke('Utilities.computeHmacSignature', () =>
      toSignedBytes(crypto.createHmac(nodeHash(algorithm, 'HMAC_'), bytesOf(key, charset)).update(bytesOf(value, charset)).digest()),
    );
  }

  computeHmacSha256Signature(value: string | number[], key: string | number[], charset?: string): number[] {
    return this.computeHmacSignature(MacAlgorithm.HMAC_SHA_256, value, key, charset);
  }

  base64Encode(data: string | number[], charset?: string): string {
    return this.runtime.invoke('Utilities.base64Encode', () => Buffer.from(bytesOf(data, charset)).toString('base64'));
  }

  /** Web-safe Base64 keeps its '=' padding in Apps Script. */
  base64EncodeWebSafe(data: string | number[], charset?: string): string {
    return this.runtime.invoke('Utilities.base64EncodeWebSafe', () =>
      Buffer.from(bytesOf(data, charset)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_'),
    );
  }

  base64Decode(encoded: string): number[] {
    return this.runtime.invoke('Utilities.base64Decode', () => toSignedBytes(decodeBase64(encoded, STANDARD_BASE64, 'base64')));
  }

  base64DecodeWebSafe(encoded: string): number[] {
    return this.runtime.invoke('Utilities.base64DecodeWebSafe', () => toSignedBytes(decodeBase64(encoded, WEB_SAFE_BASE64, 'base64url')));
  }

  newBlob(data: string | number[], contentType?: string, name?: string): BlobFake {
    return this.runtime.invoke('Utilities.newBlob', () => new BlobFake(this.runtime, bytesOf(data).slice(), contentType ?? null, name ?? null));
  }

  gzip(blob: BlobFake, name?: string): BlobFake {
    return this.runtime.invoke('Utilities.gzip', () => {
      if (!(blob instanceof BlobFake)) throw signatureMismatch('Utilities.gzip', [blob]);
      const original = blob.rawBytes();
      const gzName = name ?? (blob.getName() === null ? null : `${blob.getName()}.gz`);
      return new BlobFake(this.runtime, new Uint8Array(zlib.gzipSync(original)), 'application/x-gzip', gzName);
    });
  }

  ungzip(blob: BlobFake): BlobFake {
    return this.runtime.invoke('Utilities.ungzip', () => {
      if (!(blob instanceof BlobFake)) throw signatureMismatch('Utilities.ungzip', [blob]);
      let plain: Buffer;
      try {
        plain = zlib.gunzipSync(blob.rawBytes());
      } catch {
        throw new AppsScriptException('Invalid argument: blob is not gzip data');
      }
      const blobName = blob.getName();
      return new BlobFake(this.runtime, new Uint8Array(plain), null, blobName?.replace(/\.gz$/, '') ?? null);
    });
  }

  getUuid(): string {
    return this.runtime.invoke('Utilities.getUuid', () => crypto.randomUUID());
  }
}
