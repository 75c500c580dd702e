// get_job_result: a finished job's result or failure; with `wait`, blocks until the job ends.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpDeps } from '../../deps.ts';
import { describeFailure, failureType, JobNotFoundError } from '../../job-service.ts';
import { jobIdSchema, jobStatusSchema } from '../../schemas.ts';
import { toolError, toolResult } from '../../tool-result.ts';

export function registerGetJobResultTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'get_job_result',
    {
      title: 'Get job result',
      description: "A job's result. If it is still running: its status, or with wait=true the result once done.",
      inputSchema: {
        job_id: jobIdSchema,
        wait: z.boolean().optional().describe('true: wait for the job to finish (up to wait_seconds)'),
        wait_seconds: z.number().positive().max(600).optional().describe('How long wait=true may block; default 60'),
      },
      outputSchema: {
        job_id: z.string(),
        status: jobStatusSchema,
        result: z.record(z.string(), z.unknown()).optional().describe("The job's result when completed"),
        error: z.string().optional().describe('Why the job failed'),
        error_type: z.string().optional(),
      },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async ({ job_id, wait, wait_seconds }, extra) => {
      try {
        let description = await deps.jobs.describe(job_id);
        if (description.status === 'running' && wait) {
          if ((await deps.jobs.waitForEnd(job_id, (wait_seconds ?? 60) * 1000, deps.shutdown ? AbortSignal.any([extra.signal, deps.shutdown.handOff]) : extra.signal)) === 'ended') description = await deps.jobs.describe(job_id);
        }
        if (description.status === 'running') return toolResult({ job_id, status: description.status });
        if (description.status === 'completed') {
          const result = await deps.jobs.result<Record<string, unknown>>(job_id);
          return toolResult({ job_id, status: description.status, result });
        }
        try {
          await deps.jobs.result(job_id);
          return toolResult({ job_id, status: description.status });
        } catch (error) {
          const type = failureType(error);
          return toolResult({ job_id, status: description.status, error: describeFailure(error), ...(type ? { error_type: type } : {}) });
        }
      } catch (error) {
        if (error instanceof JobNotFoundError) return toolError(error.message);
        throw error;
      }
    },
  );
}
