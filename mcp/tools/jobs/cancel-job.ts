// cancel_job: asks a running job to stop; its in-flight provider call is aborted.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpDeps } from '../../deps.ts';
import { JobNotFoundError } from '../../job-service.ts';
import { jobIdSchema, jobStatusSchema } from '../../schemas.ts';
import { toolError, toolResult } from '../../tool-result.ts';

export function registerCancelJobTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'cancel_job',
    {
      title: 'Cancel job',
      description: 'Cancel a running job. A job that already ended is left as it is.',
      inputSchema: { job_id: jobIdSchema },
      outputSchema: {
        job_id: z.string(),
        cancel_requested: z.boolean().describe('true if the job was running and cancellation was requested'),
        status: jobStatusSchema.describe('Status when the request was made'),
      },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ job_id }) => {
      try {
        const before = await deps.jobs.describe(job_id);
        if (before.status !== 'running') return toolResult({ job_id, cancel_requested: false, status: before.status });
        await deps.jobs.cancel(job_id);
        return toolResult({ job_id, cancel_requested: true, status: before.status });
      } catch (error) {
        if (error instanceof JobNotFoundError) return toolError(error.message);
        throw error;
      }
    },
  );
}
