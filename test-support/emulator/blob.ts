import { AppsScriptException } from './exception';
import type { EmulatorRuntime } from './runtime';

/** Apps Script's Byte[] is Java's: signed, -128..127. */
export function toSignedBytes(bytes: Uint8Array): number[] {
  return Array.from(bytes, (byte) => (byte > 127 ? byte - 256 : byte));
}

/** Buffer encodings for the charsets Apps Script names ('UTF-8', Utilities.Charset.UTF_8 = 'UTF_8', ...). */
function bufferEncoding(charset: string | undefined): BufferEncoding {
  const name = (charset ?? 'UTF-8').toUpperCase().replace(/_/g, '-');
  switch (name) {
    case 'UTF-8':
    case 'UTF8':
      return 'utf8';
    case 'US-ASCII':
    case 'ASCII':
      return 'ascii';
    case 'ISO-8859-1':
    case 'LATIN1':
      return 'latin1';
    case 'UTF-16LE':
      return 'utf16le';
    default:
      throw new AppsScriptException(`Invalid argument: charset (${charset ?? ''})`);
  }
}

export function encodeText(text: string, charset?: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, bufferEncoding(charset)));
}

export function decodeText(bytes: Uint8Array, charset?: string): string {
  return Buffer.from(bytes).toString(bufferEncoding(charset));
}

/** A string (encoded in `charset`) or a Byte[] (signed or not), as Apps Script methods accept. */
export function bytesOf(data: unknown, charset?: string): Uint8Array {
  if (typeof data === 'string') return encodeText(data, charset);
  if (Array.isArray(data)) return Uint8Array.from(data, (byte) => Number(byte) & 0xff);
  if (data instanceof BlobFake) return data.rawBytes();
  throw new AppsScriptException('Invalid argument: data');
}

/** Apps Script's Blob: bytes with a content type and a name. */
export class BlobFake {
  constructor(
    private readonly runtime: EmulatorRuntime,
    private bytes: Uint8Array,
    private contentType: string | null = null,
    private name: string | null = null,
  ) {}

  /** The bytes, for other fakes (payloads, gzip); the script uses getBytes(). */
  rawBytes(): Uint8Array {
    return this.bytes;
  }

  getBytes(): number[] {
    return this.runtime.invoke('Blob.getBytes', () => toSignedBytes(this.bytes));
  }

  setBytes(data: number[]): this {
    this.runtime.invoke('Blob.setBytes', () => {
      this.bytes = bytesOf(data);
    });
    return this;
  }

  getDataAsString(charset?: string): string {
    return this.runtime.invoke('Blob.getDataAsString', () => decodeText(this.bytes, charset));
  }

  setDataFromString(text: string, charset?: string): this {
    this.runtime.invoke('Blob.setDataFromString', () => {
      this.bytes = encodeText(String(text), charset);
    });
    return this;
  }

  getContentType(): string | null {
    return this.runtime.invoke('Blob.getContentType', () => this.contentType);
  }

  setContentType(contentType: string | null): this {
    this.runtime.invoke('Blob.setContentType', () => {
      this.contentType = contentType;
    });
    return this;
  }

  getName(): string | null {
    return this.runtime.invoke('Blob.getName', () => this.name);
  }

  setName(name: string | null): this {
    this.runtime.invoke('Blob.setName', () => {
      this.name = name;
    });
    return this;
  }

  copyBlob(): BlobFake {
    return this.runtime.invoke('Blob.copyBlob', () => new BlobFake(this.runtime, this.bytes.slice(), this.contentType, this.name));
  }

  isGoogleType(): boolean {
    return false;
  }

  getBlob(): this {
    return this;
  }
}
