import { describe, expect, it } from 'vitest';
import { jsonChunks, streamedArray } from '../../src/exports/streamed-json.js';

async function text(value: unknown, chunkSize?: number): Promise<{ text: string; chunks: number }> {
  let all = '';
  let chunks = 0;
  for await (const chunk of jsonChunks(value, chunkSize)) {
    all += chunk;
    chunks++;
  }
  return { text: all, chunks };
}

async function* later<T>(items: T[]): AsyncIterable<T> {
  for (const item of items) yield await Promise.resolve(item);
}

describe('streamed JSON', () => {
  it('writes what JSON.stringify(value, null, 2) writes, with streamed arrays in place of their items', async () => {
    const items = [{ a: 1, b: [1, 2, { c: 'x\ny' }] }, 'two', null, { nested: { deep: [] } }];
    const expected = { a: { b: [{ x: 1, list: items, tail: true }], empty: {}, none: [] }, after: 'z', skipped: undefined };
    const streamed = {
      a: { b: [{ x: 1, list: streamedArray(() => later(items)), tail: true }], empty: {}, none: [] },
      after: 'z',
      skipped: undefined,
    };
    expect((await text(streamed)).text).toBe(`${JSON.stringify(expected, null, 2)}\n`);
  });

  it('leaves out an object member whose streamed array has no item, and writes [] for one inside an array', async () => {
    const value = { a: 1, gone: streamedArray(() => later([])), inArray: [streamedArray(() => [])], nested: { only: streamedArray(() => []) } };
    expect(JSON.parse((await text(value)).text)).toEqual({ a: 1, inArray: [[]], nested: {} });
  });

  it('hands out chunks of about the size asked for, not one per item', async () => {
    const value = { items: streamedArray(() => later(Array.from({ length: 10_000 }, (_, i) => ({ i })))) };
    const { text: all, chunks } = await text(value, 4096);
    expect(JSON.parse(all).items).toHaveLength(10_000);
    expect(chunks).toBeLessThan(all.length / 4096 + 2);
    expect(chunks).toBeGreaterThan(all.length / 8192);
  });
});
