// execute_optimized_workflow: a DAG of tool calls run as one durable parent workflow, each LLM step
// a child job with its own retries, fallbacks and cache, under a concurrency limit and a budget.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { OptimizedWorkflowInput, OptimizedWorkflowResult } from '../../../core/jobs/optimized-workflow-types.ts';
import { optimizedWorkflow } from '../../../workflows/index.ts';
import type { McpDeps } from '../../deps.ts';
import { runJobTool } from '../../run-job-tool.ts';
import { backgroundSchema, jobHandleShape } from '../../schemas.ts';
import { checkPlan } from './check-plan.ts';
import { storeStepDocuments } from './step-documents.ts';
import { stepToolsOf, type StepTool } from './step-tools.ts';

const TOOL = 'execute_optimized_workflow';
export const MAX_WORKFLOW_STEPS = 100;

const stepSchema = z.object({
  id: z.string().describe('Step id, referenced as ${steps.<id>.<path>}'),
  tool: z.string().describe('An LLM or local text tool, e.g. summarize_document'),
  args: z.record(z.string(), z.unknown()).describe('The tool\'s arguments; strings may hold ${steps.<id>.<path>}, ${inputs.<name>}, ${item}'),
  depends_on: z.array(z.string()).max(MAX_WORKFLOW_STEPS).optional().describe('Step ids that must complete first'),
  iterate_on: z.string().optional().describe('"${steps.<id>.<array path>}": run once per element (${item}); the result is the array of results'),
});

const stepReportSchema = z.object({
  id: z.string(),
  status: z.enum(['completed', 'failed', 'skipped']).describe('skipped: budget_usd would have been exceeded'),
  cost_usd: z.number(),
  latency_ms: z.number(),
  model: z.string().nullable(),
  error: z.string().optional(),
  runs: z.number().int().optional().describe('Fan-out steps: runs made'),
});

const present = (result: OptimizedWorkflowResult) => ({ ...result, status: 'completed' as const });

export function registerExecuteOptimizedWorkflowTool(server: McpServer, deps: McpDeps): void {
  // Read at the first call, when every tool is registered.
  let tools: ReadonlyMap<string, StepTool> | undefined;
  server.registerTool(
    TOOL,
    {
      title: 'Execute optimized workflow',
      description: 'Run a DAG of tool steps as one durable job: independent steps in parallel, results passed by ${steps.<id>.<path>} references, fan-out with iterate_on, stopped before budget_usd is passed.',
      inputSchema: {
        steps: z.array(stepSchema).min(1, 'steps must not be empty').max(MAX_WORKFLOW_STEPS, `a workflow has at most ${MAX_WORKFLOW_STEPS} steps`).describe('The steps'),
        inputs: z.record(z.string(), z.unknown()).optional().describe('Values referenced as ${inputs.<name>}'),
        max_concurrency: z.number().int().min(1).max(50).optional().describe('Units running at once (default 4)'),
        budget_usd: z.number().positive().optional().describe('Stop before a step whose estimate would pass this total'),
        background: backgroundSchema.optional(),
      },
      outputSchema: {
        ...jobHandleShape,
        outputs: z.record(z.string(), z.unknown()).optional().describe('Each completed step\'s result by id'),
        steps: z.array(stepReportSchema).optional(),
        total_cost_usd: z.number().optional(),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    async (args, extra) =>
      runJobTool<OptimizedWorkflowInput, OptimizedWorkflowResult>(deps, extra, {
        tool: TOOL,
        background: args.background ?? false,
        prepare: async () => {
          tools ??= stepToolsOf(server);
          const inputs = args.inputs ?? {};
          const steps = checkPlan(await storeStepDocuments(deps, args.steps, tools), inputs, tools);
          return {
            workflow: optimizedWorkflow,
            description: `${steps.length} steps: ${[...new Set(steps.map((step) => step.tool))].join(', ')}`,
            input: { steps, inputs, maxConcurrency: args.max_concurrency ?? 4, budgetUsd: args.budget_usd },
          };
        },
        present,
      }),
  );
}
