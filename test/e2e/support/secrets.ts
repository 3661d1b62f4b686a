/**
 * Looking for an API key where it must never be: any piece of it longer than the four characters
 * the add-on may show, in plain text or inside a compressed cache value.
 */
import { gunzipSync } from 'node:zlib';

/** Pieces this long or longer would reveal more of the key than its masked last four characters. */
const PIECE_CHARS = 8;

export class SecretScanner {
  private readonly pieces: string[];

  constructor(readonly secret: string) {
    if (secret.length < PIECE_CHARS) throw new Error('use a longer secret');
    this.pieces = Array.from({ length: secret.length - PIECE_CHARS + 1 }, (_, start) => secret.slice(start, start + PIECE_CHARS));
  }

  /** The pieces of the key found in any of the texts (empty when none). */
  piecesIn(texts: Iterable<string>): string[] {
    const found = new Set<string>();
    for (const text of texts) {
      for (const piece of this.pieces) if (text.includes(piece)) found.add(piece);
    }
    return [...found];
  }
}

/** A cache value as stored, plus its content when it is base64 of gzip (the add-on's encoding). */
export function cacheValueTexts(value: string): string[] {
  try {
    // A value that fits one entry is stored whole behind "=" (src/app/chunked-cache.ts).
    const encoded = value.startsWith('=') ? value.slice(1) : value;
    return [value, gunzipSync(Buffer.from(encoded, 'base64')).toString('utf8')];
  } catch {
    // A head entry (a chunk count) or one chunk of a split value: only its raw text can be read.
    return [value];
  }
}
