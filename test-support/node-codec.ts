import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { CodecPort } from '../src/ports/codec';

/** The codec port on Node, byte-compatible with Apps Script's Utilities (gzip + base64). */
export class NodeCodec implements CodecPort {
  sha256Hex(text: string): string {
    return createHash('sha256').update(text, 'utf8').digest('hex');
  }

  compress(text: string): string {
    return gzipSync(Buffer.from(text, 'utf8')).toString('base64');
  }

  decompress(encoded: string): string {
    return gunzipSync(Buffer.from(encoded, 'base64')).toString('utf8');
  }
}
