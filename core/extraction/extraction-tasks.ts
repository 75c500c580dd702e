// What each extraction task asks for: the schema its answer must satisfy and the checks a schema
// cannot express (a table's rows as wide as its headers; an inferred schema that is valid and fits
// the examples the model found).
import type { ExtractionSpec } from './types.ts';
import { checkSchema, validateAgainst } from './json-schema-validator.ts';

const CELL = { type: ['string', 'number', 'boolean', 'null'] };

export function tableAnswerSchema(headers?: string[]): Record<string, unknown> {
  const row = headers ? { type: 'array', items: CELL, minItems: headers.length, maxItems: headers.length } : { type: 'array', items: CELL };
  return {
    type: 'object',
    required: ['headers', 'rows'],
    properties: {
      headers: headers ? { const: headers } : { type: 'array', items: { type: 'string' }, minItems: 1 },
      rows: { type: 'array', items: row },
    },
  };
}

export function keyValueAnswerSchema(keys?: string[]): Record<string, unknown> {
  const pairs = keys
    ? { type: 'object', required: keys, properties: Object.fromEntries(keys.map((key) => [key, CELL])), additionalProperties: false }
    : { type: 'object', additionalProperties: CELL };
  return { type: 'object', required: ['pairs'], properties: { pairs } };
}

export const INFERRED_SCHEMA_ANSWER_SCHEMA: Record<string, unknown> = {
  type: 'object',
  required: ['schema', 'examples'],
  properties: {
    schema: { type: 'object' },
    examples: { type: 'array', minItems: 1, maxItems: 5 },
  },
};

/** Problems with a parsed answer beyond its schema; empty when it is acceptable. */
export function taskChecks(spec: ExtractionSpec, value: unknown): string[] {
  if (spec.task === 'table') {
    const table = value as { headers: unknown[]; rows: unknown[][] };
    return table.rows.flatMap((row, index) => (row.length === table.headers.length ? [] : [`/rows/${index}: has ${row.length} cells; the table has ${table.headers.length} headers`]));
  }
  if (spec.task === 'schema') {
    const answer = value as { schema: unknown; examples: unknown[] };
    const check = checkSchema(answer.schema);
    if (!check.ok) return [`/schema: ${check.problem}`];
    return answer.examples.flatMap((example, index) => validateAgainst(answer.schema as Record<string, unknown>, example).map((error) => `/examples/${index} does not satisfy /schema: ${error}`));
  }
  return [];
}
