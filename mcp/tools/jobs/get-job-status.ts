// get_job_status: what a job is and where it stands.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpDeps } from '../../deps.ts';
import { JobNotFoundError } from '../../job-service.ts';
import { jobDescriptionSchema, jobIdSchema, jobProgressSchema } from '../../schemas.ts';
import { toolError, toolResult } from '../../tool-result.ts';

export function registerGetJobStatusTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'get_job_status',
    {
      title: 'Get job status',
      description: "A job's state (running, completed, failed…), start time, what it is, and progress for long jobs.",
      inputSchema: { job_id: jobIdSchema },
      outputSchema: { ...jobDescriptionSchema.shape, progress: jobProgressSchema.optional() },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async ({ job_id }) => {
      try {
        const description = await deps.jobs.describe(job_id);
        const progress = description.status === 'running' ? await deps.jobs.progress(job_id) : undefined;
        return toolResult({ ...description, ...(progress ? { progress } : {}) });
      } catch (error) {
        if (error instanceof JobNotFoundError) return toolError(error.message);
        throw error;
      }
    },
  );
}
