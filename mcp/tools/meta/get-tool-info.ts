// get_tool_info: the live catalogue by group (including groups TOOL_PROFILE hides), or one tool's
// description, parameters and an example call.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { TOOL_GROUP_NAMES } from '../../../core/tool-profile.ts';
import type { ToolCatalogue } from '../../tool-catalogue.ts';
import { GROUP_SUMMARIES } from '../../tool-groups.ts';
import { toolError, toolResult } from '../../tool-result.ts';
import { exampleArguments, parametersOf, summaryOf } from './describe-tool.ts';

export const META_ANNOTATIONS = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

export function registerGetToolInfoTool(server: McpServer, catalogue: ToolCatalogue): void {
  server.registerTool(
    'get_tool_info',
    {
      title: 'Tool info',
      description: "Without tool: every group and tool of the gateway, including those this profile hides. With tool: its description, parameters and an example call.",
      inputSchema: { tool: z.string().min(1).max(200).optional().describe('Tool name') },
      outputSchema: {
        groups: z.array(z.object({ group: z.string(), summary: z.string(), exposed: z.boolean(), tools: z.array(z.object({ name: z.string(), summary: z.string() })) })).optional(),
        tool: z.object({ name: z.string(), group: z.string(), exposed: z.boolean(), description: z.string(), parameters: z.unknown(), example: z.unknown() }).optional(),
      },
      annotations: META_ANNOTATIONS,
    },
    ({ tool }) => {
      const entries = catalogue.entries();
      if (tool === undefined) {
        const groups = [...TOOL_GROUP_NAMES, undefined]
          .map((group) => ({ group, tools: entries.filter((entry) => entry.group === group) }))
          .filter(({ tools }) => tools.length > 0)
          .map(({ group, tools }) => ({
            group: group ?? 'other',
            summary: group ? GROUP_SUMMARIES[group] : 'tools of no group yet',
            exposed: tools.some((entry) => entry.exposed),
            tools: tools.map((entry) => ({ name: entry.name, summary: summaryOf(entry.description) })),
          }));
        return toolResult({ groups });
      }
      const entry = catalogue.get(tool);
      if (!entry) {
        const near = entries.filter((each) => each.name.includes(tool) || tool.includes(each.name.split('_')[0]!)).map((each) => each.name);
        return toolError(`get_tool_info: tool: no tool named "${tool}"${near.length > 0 ? `; did you mean ${near.slice(0, 5).join(', ')}?` : '; call get_tool_info without tool for the list'}`);
      }
      const parameters = parametersOf(entry);
      return toolResult({
        tool: {
          name: entry.name,
          group: entry.group ?? 'other',
          exposed: entry.exposed,
          description: entry.description + (entry.exposed ? '' : ` (not exposed by this gateway's TOOL_PROFILE; add the ${entry.group ?? 'full'} group to use it)`),
          parameters,
          example: { name: entry.name, arguments: exampleArguments(parameters) },
        },
      });
    },
  );
}
