// The live catalogue: every tool as it is registered on the server, with its group and whether the
// TOOL_PROFILE exposes it. The meta tools read it, so tools added later describe themselves.
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ToolGroup } from '../core/tool-profile.ts';
import { groupOfTool } from './tool-groups.ts';

export interface CatalogueEntry {
  name: string;
  /** undefined: a tool no group lists yet. */
  group: ToolGroup | undefined;
  title: string | undefined;
  description: string;
  inputSchema: z.ZodType | undefined;
  annotations: ToolAnnotations | undefined;
  exposed: boolean;
}

export interface ToolCatalogue {
  entries(): CatalogueEntry[];
  get(name: string): CatalogueEntry | undefined;
  /** The groups the profile exposes. */
  exposedGroups: readonly ToolGroup[];
}

interface ToolConfig {
  title?: string;
  description?: string;
  inputSchema?: z.ZodRawShape | z.ZodType;
  annotations?: ToolAnnotations;
}

function asSchema(input: ToolConfig['inputSchema']): z.ZodType | undefined {
  if (input === undefined || input instanceof z.ZodType) return input;
  return z.object(input);
}

/**
 * Records every tool registered on `server` from now on and disables (hides from tools/list and
 * refuses calls to) those outside `groups`. A tool no group lists is exposed only when every group is.
 */
export function trackCatalogue(server: McpServer, groups: readonly ToolGroup[], allGroups: readonly ToolGroup[]): ToolCatalogue {
  const entries = new Map<string, CatalogueEntry>();
  const everything = allGroups.every((group) => groups.includes(group));
  const record = (name: string, config: ToolConfig, registered: RegisteredTool) => {
    const group = groupOfTool(name);
    const exposed = group ? groups.includes(group) : everything;
    entries.set(name, { name, group, title: config.title, description: config.description ?? '', inputSchema: asSchema(config.inputSchema), annotations: config.annotations, exposed });
    if (!exposed) registered.disable();
    return registered;
  };
  const registerTool = server.registerTool.bind(server);
  server.registerTool = ((name: string, config: ToolConfig, callback: unknown) =>
    record(name, config, (registerTool as (...args: unknown[]) => RegisteredTool)(name, config, callback))) as McpServer['registerTool'];
  const tasks = server.experimental.tasks;
  const registerToolTask = tasks.registerToolTask.bind(tasks);
  tasks.registerToolTask = ((name: string, config: ToolConfig, handler: unknown) =>
    record(name, config, (registerToolTask as (...args: unknown[]) => RegisteredTool)(name, config, handler))) as typeof tasks.registerToolTask;
  return {
    entries: () => [...entries.values()],
    get: (name) => entries.get(name),
    exposedGroups: groups,
  };
}

type RequestHandler = (request: unknown, extra: unknown) => Promise<unknown>;

/**
 * A call to a tool the profile hides is answered with isError naming its group and TOOL_PROFILE,
 * rather than the SDK's bare "Tool … disabled". Call once every tool is registered.
 */
export function explainHiddenToolCalls(server: McpServer, catalogue: ToolCatalogue): void {
  const handlers = (server.server as unknown as { _requestHandlers?: Map<string, RequestHandler> })._requestHandlers;
  const handler = handlers?.get('tools/call');
  if (!handlers || !handler) throw new Error('the MCP SDK no longer keeps its tools/call handler where expected; hidden-tool answers need updating');
  handlers.set('tools/call', async (request, extra) => {
    const name = (request as { params?: { name?: unknown } }).params?.name;
    const entry = typeof name === 'string' ? catalogue.get(name) : undefined;
    if (entry && !entry.exposed) {
      const group = entry.group ?? 'an unlisted';
      return { content: [{ type: 'text', text: `${entry.name} is in the ${group} group, which this gateway's TOOL_PROFILE does not expose; get_tool_info lists what is exposed` }], isError: true };
    }
    return handler(request, extra);
  });
}
