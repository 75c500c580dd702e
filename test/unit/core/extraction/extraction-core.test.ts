// The pure parts of extraction: schema checks, answer parsing, schema inference and table text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { inferSchemaFromExamples, MAX_EXAMPLE_DEPTH } from '../../../../core/extraction/infer-schema.ts';
import { checkSchema, validateAgainst } from '../../../../core/extraction/json-schema-validator.ts';
import { parseJsonAnswer } from '../../../../core/extraction/parse-json-answer.ts';
import { toCsv, toMarkdown } from '../../../../core/extraction/table-format.ts';
import { buildExtractionPrompt } from '../../../../core/extraction/extraction-prompt.ts';

describe('checkSchema', () => {
  it('accepts draft 2020-12 and draft-07 schemas and refuses others, saying why', () => {
    assert.deepEqual(checkSchema({ type: 'array', prefixItems: [{ type: 'string' }] }), { ok: true });
    assert.deepEqual(checkSchema({ $schema: 'http://json-schema.org/draft-07/schema#', definitions: { a: { type: 'string' } } }), { ok: true });
    const wrongType = checkSchema({ type: 'object', properties: { a: { type: 'text' } } });
    assert.equal(wrongType.ok, false);
    assert.match(!wrongType.ok ? wrongType.problem : '', /\/properties\/a\/type/);
    assert.match(JSON.stringify(checkSchema([])), /must be an object/);
    assert.match(JSON.stringify(checkSchema({ $ref: '#/$defs/missing' })), /cannot be compiled/);
  });

  it('does not let a schema $id leak into later compilations', () => {
    const first = { $id: 'https://example.com/s', type: 'string' };
    const second = { $id: 'https://example.com/s', type: 'integer' };
    assert.deepEqual(validateAgainst(first, 'x'), []);
    assert.deepEqual(validateAgainst(second, 3), []);
    assert.equal(validateAgainst(second, 'x').length, 1);
  });

  // Correctness across generations of Ajv instances; that old generations are let go is shown by
  // `npm run bench -- memory` (a distinct schema on every call, heap flat).
  it('keeps validating every schema correctly across more distinct schemas than one Ajv instance keeps', () => {
    const schemaOf = (index: number) => ({ $schema: index % 2 === 0 ? undefined : 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { [`field_${index}`]: { type: 'integer' } }, required: [`field_${index}`] });
    for (let index = 0; index < 1_200; index += 1) assert.deepEqual(validateAgainst(JSON.parse(JSON.stringify(schemaOf(index))) as Record<string, unknown>, { [`field_${index}`]: index }), []);
    for (const index of [0, 1, 599, 1_199]) {
      const schema = JSON.parse(JSON.stringify(schemaOf(index))) as Record<string, unknown>;
      assert.deepEqual(validateAgainst(schema, { [`field_${index}`]: 1 }), []);
      assert.deepEqual(validateAgainst(schema, { [`field_${index}`]: 'one' }), [`/field_${index}: must be integer`]);
    }
  });
});

describe('parseJsonAnswer', () => {
  it('takes a fenced block or the outermost JSON value, and says when there is none', () => {
    assert.deepEqual(parseJsonAnswer('```json\n{"a": [1, {"b": 2}]}\n```'), { ok: true, value: { a: [1, { b: 2 }] } });
    assert.deepEqual(parseJsonAnswer('Sure! {"a": 1} Hope that helps.'), { ok: true, value: { a: 1 } });
    assert.deepEqual(parseJsonAnswer('[1, 2]'), { ok: true, value: [1, 2] });
    assert.equal(parseJsonAnswer('no json here').ok, false);
    assert.equal(parseJsonAnswer('').ok, false);
  });
});

describe('inferSchemaFromExamples', () => {
  it('merges types, requires only fields every example has, and accepts every example', () => {
    const examples = [{ n: 1, list: [1, 'a'], deep: { x: [{ y: true }] } }, { n: 2.5, list: [], deep: { x: [] }, extra: 'e' }, { n: null, list: [3], deep: { x: [{ y: false, z: 1 }] } }];
    const schema = inferSchemaFromExamples(examples);
    assert.deepEqual(schema.properties, {
      deep: { type: 'object', properties: { x: { type: 'array', items: { type: 'object', properties: { y: { type: 'boolean' }, z: { type: 'integer' } }, required: ['y'] } } }, required: ['x'] },
      extra: { type: 'string' },
      list: { type: 'array', items: { type: ['string', 'integer'] } },
      n: { type: ['number', 'null'] },
    });
    assert.deepEqual(schema.required, ['deep', 'list', 'n']);
    assert.deepEqual(checkSchema(schema), { ok: true });
    for (const example of examples) assert.deepEqual(validateAgainst(schema, example), []);
    assert.deepEqual(inferSchemaFromExamples([...examples].reverse()), schema, 'order of examples does not matter');
  });

  it('infers a schema for examples nested to the limit, and refuses deeper ones with a clear error', () => {
    const nested = (depth: number): unknown => (depth === 0 ? 'leaf' : { child: [nested(depth - 1)] });
    const atLimit = nested(MAX_EXAMPLE_DEPTH / 2);
    const schema = inferSchemaFromExamples([atLimit]);
    assert.deepEqual(validateAgainst(schema, atLimit), []);
    assert.throws(() => inferSchemaFromExamples([nested(5_000)]), { message: `examples must nest at most ${MAX_EXAMPLE_DEPTH} arrays and objects deep` });
  });
});

describe('table text', () => {
  const headers = ['name', 'note'];
  const rows = [['a, b', 'say "hi"'], ['multi\nline', null], ['plain', 'x\r\ny']];

  it('writes CSV that an RFC 4180 parser reads back unchanged', () => {
    const csv = toCsv(headers, rows);
    assert.ok(csv.endsWith('\r\n'));
    assert.deepEqual(parse(csv, { relax_column_count: false }), [headers, ['a, b', 'say "hi"'], ['multi\nline', ''], ['plain', 'x\r\ny']]);
  });

  it('escapes pipes and line breaks in Markdown cells', () => {
    assert.equal(toMarkdown(['a|b'], [['x\ny']]), '| a\\|b |\n| --- |\n| x<br>y |');
  });
});

describe('buildExtractionPrompt', () => {
  it('shows the rejected answer and its errors on a repair', () => {
    const prompt = buildExtractionPrompt({ task: 'json', schema: { type: 'object' } }, 'TEXT', { answer: '[]', errors: ['(root): must be object'] });
    assert.deepEqual(prompt.messages.map((message) => message.role), ['user', 'assistant', 'user']);
    assert.match(prompt.messages[0]!.content, /TEXT/);
    assert.match(prompt.messages[2]!.content, /- \(root\): must be object/);
  });
});
