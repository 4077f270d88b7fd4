import { describe, expect, it } from 'vitest';
import type { EvidenceStore, StoredRecord } from '../../src/store/types.js';
import { BACKENDS, useStoreBackend } from './backends.js';
import { indexedRecords, readRecords } from './fixtures.js';

/**
 * Sort keys chosen where orders disagree: byte order of UTF-8 (what both stores must use) against locale collation
 * (é next to e, case folded, control characters ignored) and against JavaScript's `<` (UTF-16 code units, which put
 * U+1F600 before U+FF01). Some are prefixes of others, some use the \u0001 and \u0002 separators of composite keys.
 */
const KEYS = [
  '',
  'a',
  'A',
  'ab',
  'abc',
  'a\u0001',
  'a\u0001b',
  'a\u0001\u0001',
  'a\u0002',
  'a\u0002a',
  'a b',
  'a-b',
  'aB',
  'b',
  'B',
  'e',
  'E',
  'é',
  'É',
  'ex',
  'éa',
  'f',
  'z',
  'Z',
  '~',
  '\u007f',
  '\u0080',
  'ÿ',
  'Ā',
  '日',
  '日本',
  '日本\u0001x',
  '本',
  '\uff01',
  '\ud83d\ude00',
  '\ud83d\ude00a',
  '10',
  '9',
  '09',
  'device\u0001C02ABC\u0002serial',
  'device\u0001C02AB\u0002serial',
  'device\u0001c02abc\u0002serial',
];
const TIES = ['', 'x', 'é', '日', 'X', '\u0001'];

/** Byte order of the UTF-8 encoding, sort key first, then tie: what both stores promise. */
function byteOrder(a: StoredRecord, b: StoredRecord): number {
  return Buffer.compare(Buffer.from(a.sortKey), Buffer.from(b.sortKey)) || Buffer.compare(Buffer.from(a.tie), Buffer.from(b.tie));
}

/** A deterministic shuffle (mulberry32), so a failure reproduces. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function recordOf(sortKey: string, tie: string): StoredRecord {
  return { sortKey, tie, body: JSON.stringify({ sortKey, tie }) };
}

/** Every (key, tie) pair of KEYS and TIES. */
const PAIRS = KEYS.flatMap((key) => TIES.map((tie) => recordOf(key, tie)));

async function putInBatches(store: EvidenceStore, artifactId: string, records: StoredRecord[], batchSize: number): Promise<void> {
  for (let from = 0; from < records.length; from += batchSize) await store.putArtifactRecords(artifactId, records.slice(from, from + batchSize));
}

/** Records that cross read pages, with duplicates (within one batch and across batches) and every awkward key. */
function mixedInput(): StoredRecord[] {
  const many = Array.from({ length: 1_100 }, (_, i) => recordOf(`k${String((i * 7919) % 1_100).padStart(5, '0')}`, i % 3 === 0 ? 'é' : ''));
  const duplicates = [recordOf('k00499', ''), recordOf('k00499', ''), recordOf('日本', 'x'), recordOf('a\u0001b', '')];
  return shuffled([...many, ...PAIRS, ...duplicates, ...duplicates.slice(0, 2)], 7);
}

describe.each(BACKENDS)('%s store: artifact records', (backend) => {
  const stores = useStoreBackend(backend);

  it('reads records back in byte order of (sortKey, tie), whatever order they were put in', async () => {
    const store = await stores.fresh();
    const expected = [...PAIRS].sort(byteOrder).map((r) => r.body);
    for (const [artifactId, seed, batch] of [
      ['art-a', 1, 1],
      ['art-b', 2, 17],
      ['art-c', 3, 1_000],
    ] as const) {
      await putInBatches(store, artifactId, shuffled(PAIRS, seed), batch);
      expect(await readRecords(store, artifactId)).toEqual(expected);
    }
    // Byte order is neither JavaScript's string order nor a locale's.
    const keys = (await readRecords(store, 'art-a')).map((body) => (JSON.parse(body) as StoredRecord).sortKey).filter((k, i, all) => k !== all[i - 1]);
    expect(keys.indexOf('\uff01')).toBeLessThan(keys.indexOf('\ud83d\ude00'));
    expect(keys.slice(0, 5)).toEqual(['', '09', '10', '9', 'A']);
    expect(keys.filter((k) => ['e', 'E', 'é', 'É', 'ex', 'éa', 'f'].includes(k))).toEqual(['E', 'e', 'ex', 'f', 'É', 'é', 'éa']);
    expect(keys.filter((k) => k.startsWith('a'))).toEqual([
      'a',
      'a\u0001',
      'a\u0001\u0001',
      'a\u0001b',
      'a\u0002',
      'a\u0002a',
      'a b',
      'a-b',
      'aB',
      'ab',
      'abc',
    ]);
    expect(keys.filter((k) => k.startsWith('日'))).toEqual(['日', '日本', '日本\u0001x']);
  });

  it('keeps an equal (sortKey, tie) put twice as two copies, within one batch or across batches', async () => {
    const store = await stores.fresh();
    const one = recordOf('k', '');
    const other = recordOf('k', 't');
    await store.putArtifactRecords('art', [one, other, one]);
    expect(await readRecords(store, 'art')).toEqual([one.body, one.body, other.body]);
    await store.putArtifactRecords('art', [other]);
    await store.putArtifactRecords('art', [one, one, recordOf('a', '')]);
    expect(await readRecords(store, 'art')).toEqual([recordOf('a', '').body, ...Array(4).fill(one.body), other.body, other.body]);
    // The same pair in another Artifact is not a copy.
    await store.putArtifactRecords('art-2', [one]);
    expect(await readRecords(store, 'art-2')).toEqual([one.body]);
  });

  it('reads more records than a page holds, copies included, across page boundaries', async () => {
    const store = await stores.fresh();
    for (const count of [499, 500, 501, 1_000, 1_234]) {
      const records = indexedRecords(Array.from({ length: count }, (_, i) => ({ i })));
      await putInBatches(store, `art-${count}`, [...records].reverse(), 300);
      expect(await readRecords(store, `art-${count}`)).toEqual(records.map((r) => r.body));
    }
    // Copies of the records either side of the first page's end.
    const records = indexedRecords(Array.from({ length: 1_001 }, (_, i) => ({ i })));
    await store.putArtifactRecords('art-copies', records);
    await store.putArtifactRecords('art-copies', [records[499]!, records[500]!, records[500]!, records[1_000]!]);
    const read = await readRecords(store, 'art-copies');
    expect(read).toHaveLength(1_005);
    expect(read.slice(498, 504)).toEqual([records[498]!, records[499]!, records[499]!, records[500]!, records[500]!, records[500]!].map((r) => r.body));
    expect(read.slice(-2)).toEqual([records[1_000]!.body, records[1_000]!.body]);
  });

  it('deletes only the records of the given Artifact; a rebuilt Artifact starts clean', async () => {
    const store = await stores.fresh();
    const records = indexedRecords([{ n: 1 }, { n: 2 }, { n: 3 }]);
    for (const id of ['art-1', 'art-10', 'art-2', 'ART-1']) await store.putArtifactRecords(id, records);
    await store.deleteArtifactRecords('art-1');
    expect(await readRecords(store, 'art-1')).toEqual([]);
    for (const id of ['art-10', 'art-2', 'ART-1']) expect(await readRecords(store, id)).toEqual(records.map((r) => r.body));
    await store.putArtifactRecords('art-1', records.slice(0, 1));
    expect(await readRecords(store, 'art-1')).toEqual([records[0]!.body]);
    await store.deleteArtifactRecords('nope');
    await store.putArtifactRecords('art-2', []);
    expect(await readRecords(store, 'art-2')).toHaveLength(3);
    expect(await readRecords(store, 'never-put')).toEqual([]);
  });

  it('keeps record bodies byte for byte: escapes, non-ASCII text, spacing', async () => {
    const store = await stores.fresh();
    const bodies = [
      '{"name":"ünï \\u0000 \\ud800 \\"q\\" \\\\ 日本"}',
      '{ "spaced" : [1, 2.50, 1e3] }',
      '"a string"',
      '42',
      'null',
      `{"big":"${'x'.repeat(200_000)}"}`,
    ];
    await store.putArtifactRecords(
      'art',
      bodies.map((body, i) => ({ sortKey: String(i), tie: '', body })),
    );
    expect(await readRecords(store, 'art')).toEqual(bodies);
  });
});

describe('artifact records: both stores', () => {
  const sqlite = useStoreBackend('sqlite');
  const postgres = useStoreBackend('postgres');

  it('read back the same sequence from the same input', async () => {
    const stores = [await sqlite.fresh(), await postgres.fresh()];
    const input = mixedInput();
    const reads = await Promise.all(
      stores.map(async (store) => {
        await putInBatches(store, 'art', input, 250);
        return readRecords(store, 'art');
      }),
    );
    expect(reads[0]).toHaveLength(input.length);
    expect(reads[1]).toEqual(reads[0]);
    // And it is byte order, copies kept.
    expect(reads[0]).toEqual([...input].sort(byteOrder).map((r) => r.body));
  });
});
