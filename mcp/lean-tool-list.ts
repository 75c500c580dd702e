// Every tool's schemas travel in tools/list on every turn of an agent, so they carry only what
// informs a caller: the SDK's JSON Schema output is trimmed of draft markers and of the ±2^53 bounds
// zod puts on every integer, and result schemas keep only their structure (types, properties, items):
// results are made by the gateway, never by the caller, so their prose, enums, bounds and required
// lists only cost tokens. Input rules the server enforces stay advertised.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ListToolsResult } from '@modelcontextprotocol/sdk/types.js';

type Json = unknown;

const RESULT_NOISE = new Set(['description', 'additionalProperties', 'title', 'required', 'enum', 'minimum', 'maximum', 'exclusiveMinimum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'default']);

function lean(schema: Json, forResults: boolean): Json {
  if (Array.isArray(schema)) return schema.map((each) => lean(each, forResults));
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$schema') continue;
    if ((key === 'minimum' || key === 'maximum') && Math.abs(value as number) === Number.MAX_SAFE_INTEGER) continue;
    if (forResults && RESULT_NOISE.has(key)) continue;
    // Inside `properties`, keys are field names: a field called "description" is kept.
    out[key] = key === 'properties' && value && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).map(([field, fieldSchema]) => [field, lean(fieldSchema, forResults)]))
      : lean(value, forResults);
  }
  return out;
}

export function leanToolList(result: ListToolsResult): ListToolsResult {
  return {
    ...result,
    tools: result.tools.map((tool) => ({
      ...tool,
      inputSchema: lean(tool.inputSchema, false) as typeof tool.inputSchema,
      ...(tool.outputSchema ? { outputSchema: lean(tool.outputSchema, true) as typeof tool.outputSchema } : {}),
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
