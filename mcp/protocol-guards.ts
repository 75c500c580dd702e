// Rules every tool obeys without each tool file repeating them: arguments a tool does not declare
// are refused by name (a misspelt `temprature` is never silently ignored), a tools/call request
// whose params are malformed gets JSON-RPC -32602 with a short message instead of an internal error,
// and arguments nested beyond MAX_ARGUMENT_DEPTH are refused with the path where they go too deep.
// Applied once in createServer, so tools registered later are covered as they are added.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CallToolRequestSchema, ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { pathBeyondDepth } from '../core/nesting-depth.ts';
import { toolError } from './tool-result.ts';

/** Far deeper than any real arguments; deeper ones are refused before any tool recurses through them. */
export const MAX_ARGUMENT_DEPTH = 64;

type ToolInputSchema = z.ZodRawShape | z.ZodType | undefined;

function isZodSchema(value: unknown): value is z.ZodType {
  return value instanceof z.ZodType;
}

/** A copy keeps the description (and other metadata) its original was registered with. */
function withMetadataOf<T extends z.ZodType>(original: z.ZodType, copy: T): T {
  const metadata = z.globalRegistry.get(original);
  if (metadata) z.globalRegistry.add(copy, metadata);
  return copy;
}

/**
 * The same schema with every object inside it (through arrays, optionals, nullables and defaults)
 * refusing undeclared keys. Objects that chose a catch-all (passthrough) keep it; checks, limits and
 * descriptions are kept.
 */
export function strictDeep(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodObject) {
    const shape = Object.fromEntries(Object.entries(schema.shape as Record<string, z.ZodType>).map(([key, field]) => [key, strictDeep(field)]));
    return withMetadataOf(schema, schema.clone({ ...schema.def, shape, catchall: schema.def.catchall ?? z.never() }));
  }
  if (schema instanceof z.ZodArray) return withMetadataOf(schema, schema.clone({ ...schema.def, element: strictDeep(schema.def.element as z.ZodType) }));
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) {
    return withMetadataOf(schema, schema.clone({ ...schema.def, innerType: strictDeep(schema.def.innerType as z.ZodType) } as never));
  }
  return schema;
}

/** A raw shape or an object schema whose objects, at every depth, accept no undeclared keys; other schemas are left as they are. */
export function strictInputSchema(schema: ToolInputSchema): ToolInputSchema {
  if (schema === undefined) return undefined;
  if (schema instanceof z.ZodObject) return strictDeep(schema);
  if (isZodSchema(schema)) return schema;
  return strictDeep(z.object(schema));
}

/** Makes every tool registered on `server` from now on refuse undeclared arguments. */
export function rejectUnknownArguments(server: McpServer): void {
  const registerTool = server.registerTool.bind(server);
  server.registerTool = ((name: string, config: { inputSchema?: ToolInputSchema }, callback: unknown) =>
    (registerTool as (...args: unknown[]) => unknown)(name, { ...config, inputSchema: strictInputSchema(config.inputSchema) }, callback)) as McpServer['registerTool'];
  const tasks = server.experimental.tasks;
  const registerToolTask = tasks.registerToolTask.bind(tasks);
  tasks.registerToolTask = ((name: string, config: { inputSchema?: ToolInputSchema }, handler: unknown) =>
    (registerToolTask as (...args: unknown[]) => unknown)(name, { ...config, inputSchema: strictInputSchema(config.inputSchema) }, handler)) as typeof tasks.registerToolTask;
}

/** "params.name: expected string" for each problem, at most three. */
export function describeInvalidParams(error: z.ZodError): string {
  const problems = error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'request'}: ${issue.message}`);
  return problems.slice(0, 3).join('; ') + (problems.length > 3 ? `; and ${problems.length - 3} more` : '');
}

type RequestHandler = (request: unknown, extra: unknown) => Promise<unknown>;

/**
 * The SDK parses a tools/call request before any handler runs and answers a failure as an internal
 * error carrying the whole validation dump. Whenever the SDK installs its tools/call handler (on the
 * first tool registered), the stored handler is wrapped so the params are checked first and refused
 * as invalid params.
 */
export function answerMalformedToolCallsAsInvalidParams(server: McpServer): void {
  const protocol = server.server;
  const setRequestHandler = protocol.setRequestHandler.bind(protocol);
  protocol.setRequestHandler = ((schema: Parameters<typeof setRequestHandler>[0], handler: Parameters<typeof setRequestHandler>[1]) => {
    setRequestHandler(schema, handler);
    if ((schema as { shape?: { method?: { value?: unknown } } }).shape?.method?.value === 'tools/call') guardStoredToolCallHandler(server);
  }) as typeof protocol.setRequestHandler;
  // A server declaring the tools capability up front has its handler already.
  if (requestHandlers(server)?.has('tools/call')) guardStoredToolCallHandler(server);
}

function requestHandlers(server: McpServer): Map<string, RequestHandler> | undefined {
  return (server.server as unknown as { _requestHandlers?: Map<string, RequestHandler> })._requestHandlers;
}

function guardStoredToolCallHandler(server: McpServer): void {
  const handlers = requestHandlers(server);
  const handler = handlers?.get('tools/call');
  if (!handlers || !handler) throw new Error('the MCP SDK no longer keeps its tools/call handler where expected; the malformed-params guard needs updating');
  handlers.set('tools/call', (request, extra) => {
    const parsed = CallToolRequestSchema.safeParse(request);
    if (!parsed.success) throw new McpError(ErrorCode.InvalidParams, `Invalid tools/call params: ${describeInvalidParams(parsed.error)}`);
    const tooDeep = pathBeyondDepth(parsed.data.params.arguments, MAX_ARGUMENT_DEPTH);
    if (tooDeep) {
      return Promise.resolve(toolError(`Input validation error: ${tooDeep.join('.')}: arguments nest at most ${MAX_ARGUMENT_DEPTH} arrays and objects deep`));
    }
    return handler(request, extra);
  });
}

/** Both rules, applied to a server before its tools are registered. */
export function applyToolGuards(server: McpServer): void {
  rejectUnknownArguments(server);
  answerMalformedToolCallsAsInvalidParams(server);
}
