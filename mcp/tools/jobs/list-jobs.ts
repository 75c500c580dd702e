// list_jobs: the gateway's recent jobs, newest first, optionally by status.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpDeps } from '../../deps.ts';
import { jobDescriptionSchema, jobStatusSchema } from '../../schemas.ts';
import { toolResult } from '../../tool-result.ts';

export function registerListJobsTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'list_jobs',
    {
      title: 'List jobs',
      description: 'Recent jobs, newest first, optionally filtered by status.',
      inputSchema: {
        status: jobStatusSchema.optional().describe('Only jobs in this state'),
        limit: z.number().int().min(1).max(1000).optional().describe('At most this many; default 50'),
      },
      outputSchema: { jobs: z.array(jobDescriptionSchema), count: z.number().int() },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async ({ status, limit }) => {
      const jobs = await deps.jobs.list({ status, limit: limit ?? 50 });
      return toolResult({ jobs, count: jobs.length });
    },
  );
}
