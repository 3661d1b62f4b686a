import { z } from 'zod';
import { ChunkedCache } from '../../../src/app/chunked-cache';
import { MemoryCache } from '../../../test-support/memory-ports';
import { NodeCodec } from '../../../test-support/node-codec';

const rowsSchema = z.array(z.array(z.union([z.string(), z.number()])));

/** Text that gzip cannot shrink much, so the encoded value really spans several chunks. */
function incompressibleRows(count: number): Array<[string, number]> {
  let seed = 7;
  const next = (): number => (seed = (seed * 48271) % 2147483647);
  return Array.from({ length: count }, (_, i) => [next().toString(36) + next().toString(36), i]);
}

describe('ChunkedCache', () => {
  it('round-trips a value far over the 100 KB value limit in chunks', () => {
    const memory = new MemoryCache();
    const cache = new ChunkedCache(memory, new NodeCodec());
    const rows = incompressibleRows(40_000);
    cache.put('big', rows, 600);
    expect(memory.values.get('big')).toMatch(/^[2-9]\d*$/);
    expect(cache.get('big', rowsSchema)).toEqual(rows);
  });

  it('treats a value with a lost chunk as a miss', () => {
    const memory = new MemoryCache();
    const cache = new ChunkedCache(memory, new NodeCodec());
    cache.put('big', incompressibleRows(40_000), 600);
    memory.remove('big~1');
    expect(cache.get('big', rowsSchema)).toBeNull();
  });

  it('treats a value that fails its schema or is corrupt as a miss', () => {
    const memory = new MemoryCache();
    const cache = new ChunkedCache(memory, new NodeCodec());
    cache.put('k', { not: 'rows' }, 600);
    expect(cache.get('k', rowsSchema)).toBeNull();
    memory.values.set('k', '=not base64 gzip');
    expect(cache.get('k', rowsSchema)).toBeNull();
  });

  it('keeps a small value in one entry, so about 1,000 entries hold about 1,000 invoices', () => {
    const memory = new MemoryCache();
    const cache = new ChunkedCache(memory, new NodeCodec());
    const values = new Map(Array.from({ length: 120 }, (_, i) => [`id${i}`, [[`row ${i}`, i]]]));
    cache.putMany(values, 600);
    expect(memory.values.size).toBe(120);
    expect(memory.calls).toBe(Math.ceil(120 / 50));
    memory.calls = 0;
    const read = cache.getMany([...values.keys(), 'missing'], rowsSchema);
    expect(memory.calls).toBe(1);
    expect(read.size).toBe(120);
    expect(read.get('id7')).toEqual([['row 7', 7]]);
  });

  it('reads small and chunked values together in two cache calls', () => {
    const memory = new MemoryCache();
    const cache = new ChunkedCache(memory, new NodeCodec());
    const big = incompressibleRows(40_000);
    cache.putMany(new Map<string, unknown>([['small', [['a', 1]]], ['big', big]]), 600);
    memory.calls = 0;
    const read = cache.getMany(['small', 'big'], rowsSchema);
    expect(memory.calls).toBe(2);
    expect(read.get('small')).toEqual([['a', 1]]);
    expect(read.get('big')).toEqual(big);
  });
});
