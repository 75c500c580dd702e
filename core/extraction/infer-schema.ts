// A JSON Schema inferred from example values, deterministically: the same examples always give the
// same schema, every example satisfies it, and a field is required only when every example has it.
import { DRAFT_2020_12 } from './json-schema-validator.ts';

type JsonType = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';

interface Shape {
  types: Set<JsonType>;
  /** Object examples seen, and per property how many had it. */
  objects: number;
  properties: Map<string, { shape: Shape; count: number }>;
  items?: Shape;
}

/** Deeper examples are refused with a clear error rather than exhausting the stack. */
export const MAX_EXAMPLE_DEPTH = 256;

const TYPE_ORDER: JsonType[] = ['object', 'array', 'string', 'number', 'integer', 'boolean', 'null'];

function emptyShape(): Shape {
  return { types: new Set(), objects: 0, properties: new Map() };
}

function typeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'boolean' || typeof value === 'string' || typeof value === 'object') return typeof value as JsonType;
  throw new Error(`examples must be JSON values; found a ${typeof value}`);
}

function observe(shape: Shape, value: unknown, depth: number): void {
  if (depth > MAX_EXAMPLE_DEPTH) throw new Error(`examples must nest at most ${MAX_EXAMPLE_DEPTH} arrays and objects deep`);
  const type = typeOf(value);
  shape.types.add(type);
  if (type === 'array') {
    shape.items ??= emptyShape();
    for (const item of value as unknown[]) observe(shape.items, item, depth + 1);
  } else if (type === 'object') {
    shape.objects += 1;
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const entry = shape.properties.get(key) ?? { shape: emptyShape(), count: 0 };
      entry.count += 1;
      observe(entry.shape, child, depth + 1);
      shape.properties.set(key, entry);
    }
  }
}

function toSchema(shape: Shape): Record<string, unknown> {
  const types = new Set(shape.types);
  if (types.has('number')) types.delete('integer');
  const ordered = TYPE_ORDER.filter((type) => types.has(type));
  const schema: Record<string, unknown> = {};
  if (ordered.length > 0) schema.type = ordered.length === 1 ? ordered[0] : ordered;
  if (types.has('object')) {
    const keys = [...shape.properties.keys()].sort();
    schema.properties = Object.fromEntries(keys.map((key) => [key, toSchema(shape.properties.get(key)!.shape)]));
    const required = keys.filter((key) => shape.properties.get(key)!.count === shape.objects);
    if (required.length > 0) schema.required = required;
  }
  if (types.has('array') && shape.items && shape.items.types.size > 0) schema.items = toSchema(shape.items);
  return schema;
}

/** The schema every example satisfies: types merged, fields required when present in every object. */
export function inferSchemaFromExamples(examples: unknown[]): Record<string, unknown> {
  if (examples.length === 0) throw new Error('examples must hold at least one value');
  const shape = emptyShape();
  for (const example of examples) observe(shape, example, 0);
  return { $schema: DRAFT_2020_12, ...toSchema(shape) };
}
