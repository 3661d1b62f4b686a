import type { CodecPort } from '../../ports/codec';

export class AppsScriptCodec implements CodecPort {
  sha256Hex(text: string): string {
    const bytes = Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, text, Utilities.Charset.UTF_8);
    // Apps Script returns signed bytes (-128..127).
    return bytes.map((byte) => ((byte + 256) % 256).toString(16).padStart(2, '0')).join('');
  }

  compress(text: string): string {
    return Utilities.base64Encode(Utilities.gzip(Utilities.newBlob(text, 'application/json')).getBytes());
  }

  decompress(encoded: string): string {
    const blob = Utilities.newBlob(Utilities.base64Decode(encoded), 'application/x-gzip');
    return Utilities.ungzip(blob).getDataAsString('UTF-8');
  }
}
