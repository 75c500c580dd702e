// Every tool's schemas travel in tools/list on every turn of an agent, so they carry only what
// informs a caller; the server still enforces every rule, and get_tool_info gives a tool's whole
// schema on demand.
// - Input schemas keep fields, types, required lists, enums and the limits a caller could meet. They
//   lose draft markers, zod's ±2^53 integer bounds, "non-empty"/"not negative" floors, regex patterns
//   (such fields say their rule in words), ceilings that only stop runaway input, length limits of ids
//   and names, and the values of a field marked `valuesOnRequest` (its error names them). A shared
//   field is described at its first tool in the list only.
// - Result schemas keep their structure (types, properties, items) two levels deep: results are made
//   by the gateway, never by the caller, so their prose, enums, bounds and deeper shapes only cost tokens.
// - Annotation hints at the values the MCP specification assumes when they are absent, and an
//   execution block saying tasks are forbidden (the default), are left out.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ListToolsResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';

type Json = unknown;

/** Metadata key of schemas whose enum tools/list leaves out. */
const VALUES_ON_REQUEST = 'x-values-on-request';

/** The same schema, listed in tools/list without its allowed values; validation is unchanged. */
export function valuesOnRequest<T extends z.ZodType>(schema: T): T {
  return schema.meta({ [VALUES_ON_REQUEST]: true }) as T;
}

const RESULT_NOISE = new Set(['description', 'additionalProperties', 'title', 'required', 'enum', 'minimum', 'maximum', 'exclusiveMinimum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'default', 'pattern', 'propertyNames', 'format']);
const INPUT_NOISE = new Set(['pattern', 'propertyNames']);
/** Ceilings this high only stop runaway input (max_tokens ≤ 1,000,000, ≤ 500 messages): no caller plans by them. */
const SANITY_CEILING = 10_000;
const SANITY_ITEMS = 100;
/** Length limits of ids, names and short options (a model id ≤ 200 characters) guard, never inform; text limits stay. */
const SHORT_TEXT = 1_000;
const TRIVIAL_FLOORS: Record<string, readonly number[]> = { minLength: [1], minItems: [1], minimum: [0, 1], exclusiveMinimum: [0] };

function isNoise(key: string, value: Json, forResults: boolean): boolean {
  if (key === '$schema') return true;
  if ((key === 'minimum' || key === 'maximum') && Math.abs(value as number) === Number.MAX_SAFE_INTEGER) return true;
  if ((key === 'maximum' && (value as number) >= SANITY_CEILING) || (key === 'maxItems' && (value as number) >= SANITY_ITEMS)) return true;
  if (key === 'maxLength' && (value as number) < SHORT_TEXT) return true;
  // Any further key is allowed unless a schema says otherwise: {} repeats the default.
  if (key === 'additionalProperties' && value !== null && typeof value === 'object' && Object.keys(value).length === 0) return true;
  if (forResults) return RESULT_NOISE.has(key);
  return INPUT_NOISE.has(key) || TRIVIAL_FLOORS[key]?.includes(value as number) === true;
}

/** Result objects nested deeper than this are listed as plain objects. */
const RESULT_DEPTH = 2;

function lean(schema: Json, forResults: boolean, depth = 0): Json {
  if (Array.isArray(schema)) return schema.map((each) => lean(each, forResults, depth));
  if (schema === null || typeof schema !== 'object') return schema;
  if (forResults && depth >= RESULT_DEPTH && 'properties' in schema) return { type: 'object' };
  const valuesHidden = VALUES_ON_REQUEST in schema;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === VALUES_ON_REQUEST || (valuesHidden && key === 'enum') || isNoise(key, value, forResults)) continue;
    // Inside `properties`, keys are field names: a field called "description" is kept.
    out[key] = key === 'properties' && value && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).map(([field, fieldSchema]) => [field, lean(fieldSchema, forResults, depth + 1)]))
      : lean(value, forResults, depth);
  }
  return out;
}

/**
 * Drops the description of a field whose name and description an earlier field of the same list
 * already showed: shared parameters (provider, model, background, document_id…) are described once,
 * at their first tool, and keep their name and type everywhere.
 */
function describeOnce(schema: Json, seen: Set<string>, field?: string): Json {
  if (Array.isArray(schema)) return schema.map((each) => describeOnce(each, seen, field));
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] = key === 'properties' && value && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).map(([name, fieldSchema]) => [name, describeOnce(fieldSchema, seen, name)]))
      : describeOnce(value, seen, field);
  }
  if (field !== undefined && typeof out.description === 'string') {
    const key = `${field}\u0000${out.description}`;
    if (seen.has(key)) delete out.description;
    else seen.add(key);
  }
  return out;
}

/** A JSON Schema made from a tool's zod input, without the marks only tools/list reads. */
export function withoutListMarks(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(withoutListMarks);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(Object.entries(schema).filter(([key]) => key !== VALUES_ON_REQUEST).map(([key, value]) => [key, withoutListMarks(value)]));
}

// What the specification assumes of a tool whose annotations leave a hint out.
const ANNOTATION_DEFAULTS: Record<string, unknown> = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };

type ListedTool = ListToolsResult['tools'][number];

/** Hints at their default, and those the specification reads only for tools that write, are left out. */
function leanAnnotations(annotations: NonNullable<ListedTool['annotations']>): ListedTool['annotations'] {
  const readOnly = annotations.readOnlyHint === true;
  return Object.fromEntries(
    Object.entries(annotations).filter(([key, value]) => value !== ANNOTATION_DEFAULTS[key] && !(readOnly && (key === 'destructiveHint' || key === 'idempotentHint'))),
  ) as ListedTool['annotations'];
}

export function leanToolList(result: ListToolsResult): ListToolsResult {
  const described = new Set<string>();
  return {
    ...result,
    tools: result.tools.map(({ annotations, execution, outputSchema, inputSchema, ...tool }) => ({
      ...tool,
      inputSchema: describeOnce(lean(inputSchema, false), described) as typeof inputSchema,
      ...(outputSchema ? { outputSchema: lean(outputSchema, true) as typeof outputSchema } : {}),
      ...(annotations ? { annotations: leanAnnotations(annotations) } : {}),
      ...(execution && execution.taskSupport !== 'forbidden' ? { execution } : {}),
    })),
  };
}

type RequestHandler = (request: unknown, extra: unknown) => Promise<unknown>;

/** Wraps the server's tools/list handler (installed with its first tool) so every answer is lean. */
export function serveLeanToolList(server: McpServer): void {
  const handlers = (server.server as unknown as { _requestHandlers?: Map<string, RequestHandler> })._requestHandlers;
  const handler = handlers?.get('tools/list');
  if (!handlers || !handler) throw new Error('the MCP SDK no longer keeps its tools/list handler where expected; the lean tool list needs updating');
  handlers.set('tools/list', async (request, extra) => leanToolList((await handler(request, extra)) as ListToolsResult));
}
