/** Byte-level helpers the platform provides (Apps Script Utilities; Node crypto/zlib in tests). */
export interface CodecPort {
  /** Hex SHA-256 of the UTF-8 text. */
  sha256Hex(text: string): string;
  /** gzip then base64: cached values are ASCII, so their size in bytes equals their length. */
  compress(text: string): string;
  decompress(encoded: string): string;
}
