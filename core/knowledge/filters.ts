// The filter an agent writes — {field: value | {in: [values]} | {gte?, lte?, gt?, lt?}} — checked
// against a knowledge base's field types and turned into the store-neutral VectorFilter, so the
// same filter means the same on LanceDB and Qdrant. Every problem names the field and the rule.
import { BUILT_IN_FIELDS, type FieldType, type MetadataValue, type VectorFilter } from '../vectors/types.ts';

export const METADATA_FIELD_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const RANGE_KEYS = ['gt', 'gte', 'lt', 'lte'] as const;

export type FilterInput = Record<string, unknown>;

export class FilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterError';
  }
}

export function typeOfValue(value: unknown): FieldType | undefined {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number' && Number.isFinite(value)) return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return undefined;
}

/** Checks metadata given at ingestion: scalar values, field names that fit every store, one type per field. */
export function metadataFieldTypes(metadata: Record<string, unknown>, known: Record<string, FieldType>, where: string): Record<string, FieldType> {
  const types: Record<string, FieldType> = {};
  for (const [field, value] of Object.entries(metadata)) {
    if (!METADATA_FIELD_PATTERN.test(field) || field in BUILT_IN_FIELDS) {
      throw new FilterError(`${where}.${field}: metadata field names must match ${METADATA_FIELD_PATTERN.source} and not be document_id or chunk_index`);
    }
    const type = typeOfValue(value);
    if (!type) throw new FilterError(`${where}.${field}: metadata values must be a string, a finite number or a boolean`);
    const expected = known[field];
    if (expected && expected !== type) throw new FilterError(`${where}.${field}: this knowledge base holds ${expected} values in "${field}", got a ${type}`);
    types[field] = type;
  }
  return types;
}

function checkValue(field: string, type: FieldType, value: unknown, where: string): MetadataValue {
  const actual = typeOfValue(value);
  if (actual !== type) throw new FilterError(`${where}: "${field}" holds ${type} values; got ${JSON.stringify(value)}`);
  return value as MetadataValue;
}

export function toVectorFilter(input: FilterInput | undefined, fields: Record<string, FieldType>): VectorFilter | undefined {
  if (input === undefined) return undefined;
  const known = { ...fields, ...BUILT_IN_FIELDS };
  const filter: VectorFilter = [];
  for (const [field, condition] of Object.entries(input)) {
    const where = `filter.${field}`;
    const type = known[field];
    if (!type) {
      const names = Object.keys(known).sort().join(', ');
      throw new FilterError(`${where}: unknown field; this knowledge base's fields are ${names}`);
    }
    if (condition !== null && typeof condition === 'object' && !Array.isArray(condition)) {
      const entries = Object.entries(condition as Record<string, unknown>);
      if (entries.length === 1 && entries[0]![0] === 'in') {
        const values = entries[0]![1];
        if (!Array.isArray(values) || values.length === 0) throw new FilterError(`${where}.in: expected a non-empty list of values`);
        filter.push({ field, type, match: { in: values.map((value) => checkValue(field, type, value, `${where}.in`)) } });
        continue;
      }
      const unknownKeys = entries.map(([key]) => key).filter((key) => !(RANGE_KEYS as readonly string[]).includes(key));
      if (entries.length === 0 || unknownKeys.length > 0) {
        throw new FilterError(`${where}: expected a value, {in: [values]} or a range with gt, gte, lt, lte${unknownKeys.length > 0 ? ` (unknown: ${unknownKeys.join(', ')})` : ''}`);
      }
      if (type !== 'number') throw new FilterError(`${where}: ranges need a number field; "${field}" holds ${type} values`);
      const range: Record<string, number> = {};
      for (const [key, value] of entries) range[key] = checkValue(field, type, value, `${where}.${key}`) as number;
      filter.push({ field, type, match: { range } });
      continue;
    }
    filter.push({ field, type, match: { equals: checkValue(field, type, condition, where) } });
  }
  return filter;
}
