import { describe, expect, it } from 'vitest';
import { splitLegacyDocument } from '../../src/store/postgres/migrations.js';

/** PostgreSQL's migration 2 cuts the records out of whole Artifact documents as text: what it must keep and drop. */
describe('splitting a whole Artifact document (PostgreSQL migration 2)', () => {
  const tricky = [
    { s: 'a "records": [1, 2] } ] , \\', escaped: '\\"', nul: '\u0000', lone: '\ud800', emoji: '😀' },
    { records: [{ records: [] }], '10': 1, '9': 2 },
    [1, [2, [3]], {}],
    'a string',
    -1.5e-7,
    null,
    true,
  ];

  it('keeps each record and the rest of the document as JSON.stringify wrote them, wherever the records are', () => {
    const head = { id: 'a', title: 'ünï 日本 \u0000', summary: { records: 3, list: [{ records: [9] }] } };
    const tail = { sha256: 'x' };
    for (const document of [
      { ...head, records: tricky, ...tail },
      { records: tricky, ...head, ...tail },
      { ...head, ...tail, records: tricky },
      { records: tricky },
    ]) {
      const { records, ...envelope } = document;
      expect(splitLegacyDocument(JSON.stringify(document))).toEqual({ envelope: JSON.stringify(envelope), records: records.map((r) => JSON.stringify(r)) });
    }
    expect(splitLegacyDocument(JSON.stringify({ id: 'a', records: [] }))).toEqual({ envelope: '{"id":"a"}', records: [] });
    expect(splitLegacyDocument('{"records":[]}')).toEqual({ envelope: '{}', records: [] });
  });

  it('drops whitespace between tokens, as SQLite returns JSON, never inside strings', () => {
    const document = ' {\n "id" : "a b" ,\t"records" : [ { "k" : "x  y" , "n" : [ 1 , 2 ] } ,\r\n "s t" , 3 ] , "z" : { } }\n';
    expect(splitLegacyDocument(document)).toEqual({ envelope: '{"id":"a b","z":{}}', records: ['{"k":"x  y","n":[1,2]}', '"s t"', '3'] });
  });

  it('leaves a document without records as it is; refuses one it cannot split', () => {
    expect(splitLegacyDocument('{"id":"a","summary":{"records":[1]}}')).toEqual({ envelope: '{"id":"a","summary":{"records":[1]}}', records: [] });
    expect(() => splitLegacyDocument('{"id":"a","records":{"0":1}}', 'art-1')).toThrow(/art-1: its records are not an array/);
    expect(() => splitLegacyDocument('{"id":"a","records":[1,2', 'art-1')).toThrow(/art-1: the document ends early/);
    expect(() => splitLegacyDocument('[1,2]')).toThrow(/expected \{/);
    expect(() => splitLegacyDocument('{"id":"a"} x')).toThrow(/unexpected text after the document/);
  });

  it('splits a large document quickly', () => {
    const records = Array.from({ length: 100_000 }, (_, i) => ({ deviceId: `d-${i}`, name: `Mac "${i}" \\ [x]`, checks: { a: true, b: [1, 2, 3] } }));
    const started = performance.now();
    const split = splitLegacyDocument(JSON.stringify({ id: 'a', records, sha256: 'x' }));
    expect(split.records).toHaveLength(100_000);
    expect(split.records[99_999]).toBe(JSON.stringify(records[99_999]));
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
