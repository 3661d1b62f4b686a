import type { z } from 'zod';
import type { CachePort } from '../ports/cache';
import type { CodecPort } from '../ports/codec';

/** Apps Script refuses cache values over 100 KB; stay well below (values are ASCII after encoding). */
const CHUNK_CHARS = 90_000;
/** How many entries go into one putAll; keeps each call's payload modest. */
const PUT_BATCH = 50;
const MAX_TTL_SECONDS = 21_600;

const chunkKey = (key: string, index: number): string => `${key}~${index}`;
/** Marks an entry that holds the whole value rather than a chunk count. */
const INLINE = '=';

/**
 * JSON values of any size in CacheService: compressed, split into chunks under the value limit,
 * and read back only when every chunk is still there (entries can vanish one by one).
 * A value that fits one chunk lives in its own entry (`=` + data): a cache keeps only about 1,000
 * entries, so one entry per invoice, not two, is what lets 500 invoices' details stay cached.
 * A larger value's entry holds its chunk count and the chunks follow. Reads and writes of many
 * values are batched.
 */
export class ChunkedCache {
  constructor(
    private readonly cache: CachePort,
    private readonly codec: CodecPort,
  ) {}

  get<T>(key: string, schema: z.ZodType<T>): T | null {
    return this.getMany([key], schema).get(key) ?? null;
  }

  getMany<T>(keys: readonly string[], schema: z.ZodType<T>): Map<string, T> {
    const found = new Map<string, T>();
    if (keys.length === 0) return found;
    const heads = this.cache.getAll(keys);
    const wanted: Array<{ key: string; chunks: number }> = [];
    for (const key of keys) {
      const head = heads[key];
      if (head === undefined) continue;
      if (head.startsWith(INLINE)) {
        const value = this.decode(head.slice(INLINE.length), schema);
        if (value !== null) found.set(key, value);
        continue;
      }
      const chunks = Number(head);
      if (Number.isInteger(chunks) && chunks > 0) wanted.push({ key, chunks });
    }
    if (wanted.length === 0) return found;
    const chunkKeys = wanted.flatMap(({ key, chunks }) => Array.from({ length: chunks }, (_, i) => chunkKey(key, i)));
    const stored = this.cache.getAll(chunkKeys);
    for (const { key, chunks } of wanted) {
      const parts: string[] = [];
      for (let i = 0; i < chunks; i += 1) {
        const part = stored[chunkKey(key, i)];
        if (part === undefined) break;
        parts.push(part);
      }
      if (parts.length !== chunks) continue;
      const value = this.decode(parts.join(''), schema);
      if (value !== null) found.set(key, value);
    }
    return found;
  }

  put(key: string, value: unknown, ttlSeconds: number): void {
    this.putMany(new Map([[key, value]]), ttlSeconds);
  }

  putMany(values: ReadonlyMap<string, unknown>, ttlSeconds: number): void {
    const ttl = Math.min(Math.max(1, Math.floor(ttlSeconds)), MAX_TTL_SECONDS);
    const entries: Array<[string, string]> = [];
    for (const [key, value] of values) {
      const encoded = this.codec.compress(JSON.stringify(value));
      if (encoded.length + INLINE.length <= CHUNK_CHARS) {
        entries.push([key, INLINE + encoded]);
        continue;
      }
      const chunks = Math.ceil(encoded.length / CHUNK_CHARS);
      for (let i = 0; i < chunks; i += 1) entries.push([chunkKey(key, i), encoded.slice(i * CHUNK_CHARS, (i + 1) * CHUNK_CHARS)]);
      // The head goes last so a reader never sees a count whose chunks are not written yet.
      entries.push([key, String(chunks)]);
    }
    for (let start = 0; start < entries.length; start += PUT_BATCH) {
      this.cache.putAll(Object.fromEntries(entries.slice(start, start + PUT_BATCH)), ttl);
    }
  }

  remove(key: string): void {
    this.cache.remove(key);
  }

  private decode<T>(encoded: string, schema: z.ZodType<T>): T | null {
    try {
      const parsed = schema.safeParse(JSON.parse(this.codec.decompress(encoded)));
      return parsed.success ? parsed.data : null;
    } catch {
      // A corrupt or foreign entry is a miss, never an error: the cache is never the only copy.
      return null;
    }
  }
}
