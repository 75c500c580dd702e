// Filters and metadata as agents write them: what is accepted, what it becomes, and errors that
// name the field and the rule.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { metadataFieldTypes, toVectorFilter } from '../../../../core/knowledge/filters.ts';
import { loadConfig } from '../../../../core/config.ts';

const FIELDS = { team: 'string', year: 'number', public: 'boolean' } as const;

describe('knowledge-base filters', () => {
  it('turns values, lists and ranges into typed conditions, built-in fields included', () => {
    assert.deepEqual(toVectorFilter({ team: 'ops', year: { gte: 2020, lt: 2025 }, public: { in: [true] }, document_id: 'guide' }, FIELDS), [
      { field: 'team', type: 'string', match: { equals: 'ops' } },
      { field: 'year', type: 'number', match: { range: { gte: 2020, lt: 2025 } } },
      { field: 'public', type: 'boolean', match: { in: [true] } },
      { field: 'document_id', type: 'string', match: { equals: 'guide' } },
    ]);
    assert.equal(toVectorFilter(undefined, FIELDS), undefined);
  });

  it('names the field and the rule for every mistake', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ colour: 'red' }, /filter\.colour: unknown field; this knowledge base's fields are chunk_index, document_id, public, team, year/],
      [{ year: '2020' }, /filter\.year: "year" holds number values; got "2020"/],
      [{ team: { gte: 'a' } }, /filter\.team: ranges need a number field/],
      [{ year: { in: [] } }, /filter\.year\.in: expected a non-empty list/],
      [{ year: { in: [2020, 'x'] } }, /filter\.year\.in: "year" holds number values; got "x"/],
      [{ year: { between: [1, 2] } }, /filter\.year: expected a value, \{in: \[values\]\} or a range with gt, gte, lt, lte \(unknown: between\)/],
      [{ year: {} }, /filter\.year: expected a value/],
      [{ team: null }, /filter\.team: "team" holds string values; got null/],
    ];
    for (const [filter, message] of cases) assert.throws(() => toVectorFilter(filter, FIELDS), message, JSON.stringify(filter));
  });

  it('checks metadata at ingestion: scalar values, safe names, one type per field', () => {
    assert.deepEqual(metadataFieldTypes({ team: 'ops', year: 2024, public: false }, {}, 'documents[0].metadata'), FIELDS);
    assert.throws(() => metadataFieldTypes({ 'bad name': 1 }, {}, 'documents[0].metadata'), /documents\[0\]\.metadata\.bad name: metadata field names must match/);
    assert.throws(() => metadataFieldTypes({ _version: 'x' }, {}, 'm'), /m\._version: metadata field names must match/);
    assert.throws(() => metadataFieldTypes({ chunk_index: 3 }, {}, 'm'), /not be document_id or chunk_index/);
    assert.throws(() => metadataFieldTypes({ tags: ['a'] }, {}, 'm'), /m\.tags: metadata values must be a string, a finite number or a boolean/);
    assert.throws(() => metadataFieldTypes({ year: 'recent' }, FIELDS, 'm'), /m\.year: this knowledge base holds number values in "year", got a string/);
  });
});

describe('vector store settings', () => {
  it('defaults to embedded LanceDB and needs QDRANT_URL for Qdrant', () => {
    assert.deepEqual(loadConfig({}, '/nonexistent.env').vectors, { store: 'lancedb', qdrantUrl: undefined, qdrantApiKey: undefined, indexMinRows: 10_000, cacheBytes: 256 * 1024 * 1024 });
    assert.throws(() => loadConfig({ VECTOR_STORE: 'qdrant' }, '/nonexistent.env'), /QDRANT_URL: VECTOR_STORE=qdrant needs QDRANT_URL/);
    assert.throws(() => loadConfig({ VECTOR_STORE: 'chroma' }, '/nonexistent.env'), /VECTOR_STORE: expected lancedb or qdrant/);
    assert.deepEqual(loadConfig({ VECTOR_STORE: 'qdrant', QDRANT_URL: 'http://127.0.0.1:6333', QDRANT_API_KEY: 'secret' }, '/nonexistent.env').vectors, { store: 'qdrant', qdrantUrl: 'http://127.0.0.1:6333', qdrantApiKey: 'secret', indexMinRows: 10_000, cacheBytes: 256 * 1024 * 1024 });
  });
});
