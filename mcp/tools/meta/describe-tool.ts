// How the meta tools present a catalogue entry: its parameters as the JSON Schema a client sees, an
// example call made from that schema, and a one-line summary.
import { z } from 'zod';
import { withoutListMarks } from '../../lean-tool-list.ts';
import type { CatalogueEntry } from '../../tool-catalogue.ts';

type JsonSchema = { type?: string | string[]; description?: string; properties?: Record<string, JsonSchema>; required?: string[]; items?: JsonSchema; enum?: unknown[]; minimum?: number; anyOf?: JsonSchema[] };

export function parametersOf(entry: CatalogueEntry): JsonSchema {
  if (!entry.inputSchema) return { type: 'object', properties: {} };
  const schema = withoutListMarks(z.toJSONSchema(entry.inputSchema, { io: 'input', unrepresentable: 'any' })) as JsonSchema & { $schema?: string };
  delete schema.$schema;
  return schema;
}

function exampleValue(name: string, schema: JsonSchema): unknown {
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : (schema.type ?? schema.anyOf?.[0]?.type);
  if (type === 'string') return `<${name}>`;
  if (type === 'integer' || type === 'number') return schema.minimum ?? 1;
  if (type === 'boolean') return true;
  if (type === 'array') return schema.items ? [exampleValue(name, schema.items)] : [];
  if (type === 'object' && schema.properties) return exampleArguments(schema);
  return {};
}

/** The required arguments, each with a placeholder or the first value its schema allows. */
export function exampleArguments(schema: JsonSchema): Record<string, unknown> {
  const required = schema.required ?? [];
  return Object.fromEntries(required.map((name) => [name, exampleValue(name, schema.properties?.[name] ?? {})]));
}

/** The first sentence of a description. */
export function summaryOf(description: string): string {
  const match = /^.*?[.!?](?=\s|$)/s.exec(description);
  return (match ? match[0] : description).trim();
}
