// The worker's side of workflow steps: a server built from the same tools, whose handlers prepare
// each unit (the job the tool would start, or a local tool's whole answer) and present a child
// workflow's result, plus a budget estimate for every unit that calls a model.
import { z } from 'zod';
import type { PreparedStep, WorkflowStepRunner } from '../../../core/jobs/optimized-workflow-types.ts';
import { DEFAULT_OUTPUT_TOKENS, estimateCostUsd } from '../../../core/routing/recommend-models.ts';
import type { McpDeps } from '../../deps.ts';
import { createServer } from '../../server.ts';
import { ToolInputError } from '../../tool-result.ts';
import { stepExtra, type CapturedJob, type StepRun } from './step-run.ts';
import { describeIssues, errorText, STEP_TOOLS, stepToolsOf, type StepTool, type StepToolOptions } from './step-tools.ts';

export type StepRunnerDeps = Omit<McpDeps, 'health' | 'tasks' | 'metrics' | 'workerInProcess'>;

/** The parts of a job input that say which models it calls. */
interface JobModels {
  targets?: Array<{ provider: string; model: string }>;
  synthesizer?: { provider: string; model: string };
  knowledgeBase?: { embedding: { provider: string; model: string } };
  search?: { knowledgeBase: { embedding: { provider: string; model: string } } };
  request?: { maxTokens?: number };
}

export function createWorkflowSteps(deps: StepRunnerDeps): WorkflowStepRunner {
  const toolDeps: McpDeps = {
    ...deps,
    // A step's jobs are children of the workflow: regular activities any worker can run.
    workerInProcess: false,
    health: () => Promise.reject(new Error('health is not available inside a workflow step')),
  };
  const tools = stepToolsOf(createServer(toolDeps));

  const call = async (name: string, args: Record<string, unknown>, run: StepRun) => {
    const tool: StepTool | undefined = tools.get(name);
    if (!tool) throw new ToolInputError(`unknown workflow tool "${name}"`);
    const parsed = tool.args.safeParse(asText(tool, args));
    if (!parsed.success) throw new ToolInputError(describeIssues(parsed.error.issues));
    const answer = await tool.call(parsed.data, stepExtra(run));
    if (answer.isError) throw new ToolInputError(errorText(answer));
    return answer.structuredContent ?? {};
  };

  return {
    prepare: async (name, args): Promise<PreparedStep> => {
      const run: StepRun = { mode: 'prepare' };
      const result = await call(name, args, run);
      if (!run.job) return { kind: 'local', result };
      return { kind: 'child', workflowType: run.job.workflowType, input: run.job.input, ...(await estimate(toolDeps, STEP_TOOLS[name]!, args, run.job)) };
    },
    present: (name, args, result) => call(name, args, { mode: 'present', result }),
  };
}

/** A whole reference to a structured value where the tool takes text (query_json's json, for one) passes its JSON text. */
function asText(tool: StepTool, args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(args).map(([key, value]) => {
      let field = tool.args.shape[key] as z.ZodType | undefined;
      while (field instanceof z.ZodOptional || field instanceof z.ZodDefault) field = field.unwrap() as z.ZodType;
      const structured = value !== null && typeof value === 'object';
      return [key, field instanceof z.ZodString && structured ? JSON.stringify(value) : value];
    }),
  );
}

/** Tokenizer count of everything the step sends (its arguments and stored document) plus its longest answer, at each model's price. */
async function estimate(deps: McpDeps, options: StepToolOptions, args: Record<string, unknown>, job: CapturedJob): Promise<{ estimateUsd: number; model: string | null }> {
  const input = job.input as JobModels;
  const chat = input.targets ? (options.everyTargetAnswers ? input.targets : input.targets.slice(0, 1)) : [];
  const embedding = (input.knowledgeBase ?? input.search?.knowledgeBase)?.embedding;
  const models = [...chat, ...(input.synthesizer ? [input.synthesizer] : []), ...(embedding ? [embedding] : [])];
  const text = await textOf(deps, args);
  const maxTokens = input.request?.maxTokens ?? (typeof args.max_tokens === 'number' ? args.max_tokens : undefined);
  const outputTokens = maxTokens ?? DEFAULT_OUTPUT_TOKENS.general ?? 800;
  let total = 0;
  for (const target of models) {
    const entry = deps.registry.get(target.model);
    if (!entry) continue;
    const inputTokens = (await deps.tokens.countText(text, entry)).tokens;
    total += estimateCostUsd(entry, inputTokens, entry.kind === 'embedding' ? 0 : outputTokens);
  }
  const first = models[0];
  return { estimateUsd: total, model: first ? `${first.provider}/${first.model}` : null };
}

async function textOf(deps: Pick<McpDeps, 'blobs'>, args: Record<string, unknown>): Promise<string> {
  const parts: string[] = [];
  const visit = (value: unknown) => {
    if (typeof value === 'string') parts.push(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(args);
  if (typeof args.document_id === 'string') parts.push((await deps.blobs.get(args.document_id)) ?? '');
  return parts.join('\n');
}
