// The tools a workflow step can run, one entry per tool: its arguments' schema, the result fields a
// reference may name, and how one run is prepared (a child workflow with a cost estimate, or a local
// answer computed at once). Adding a tool to workflows is one line in STEP_TOOLS.
import { z } from 'zod';
import { extractCode } from '../../../core/code/extract-code.ts';
import type { PrepareWorkflowStep, PreparedStep } from '../../../core/jobs/optimized-workflow-types.ts';
import { DEFAULT_OUTPUT_TOKENS, estimateCostUsd } from '../../../core/routing/recommend-models.ts';
import { countTextTokens } from '../../../core/tokens/count-tokens.ts';
import { completionOptionsShape, prepareCompletion } from '../../completion-args.ts';
import type { McpDeps } from '../../deps.ts';
import { completionResultShape } from '../../schemas.ts';
import { boundedText, TEXT_LIMITS } from '../../text-limits.ts';
import { ToolInputError } from '../../tool-result.ts';

/** What preparing a step needs: no MCP session, so a worker-side activity can do it. */
export type StepDeps = Pick<McpDeps, 'config' | 'registry' | 'providers' | 'cache' | 'workerInProcess'>;

export interface StepTool {
  args: z.ZodObject;
  /** Result fields a `${steps.<id>.<field>}` reference may start with. */
  resultFields: readonly string[];
  prepare: (deps: StepDeps, args: Record<string, unknown>) => Promise<PreparedStep>;
}

const completionArgsSchema = z.object({ prompt: boundedText(TEXT_LIMITS.prompt).min(1, 'prompt must not be empty'), ...completionOptionsShape }).strict();

const generateCompletionStep: StepTool = {
  args: completionArgsSchema,
  resultFields: Object.keys(completionResultShape),
  prepare: async (deps, raw) => {
    const args = completionArgsSchema.parse(raw);
    const prepared = await prepareCompletion(deps as McpDeps, 'generate_completion', [{ role: 'user', content: args.prompt }], { ...args, background: true });
    const first = prepared.input.targets[0]!;
    const entry = deps.registry.get(first.model);
    if (prepared.answer) return { kind: 'local', result: { ...prepared.answer, status: 'completed' } };
    const inputTokens = countTextTokens(`${args.system ?? ''}\n${args.prompt}`, entry ?? { tokenizer: null }).tokens;
    const outputTokens = args.max_tokens ?? DEFAULT_OUTPUT_TOKENS.general ?? 800;
    return {
      kind: 'child',
      workflowType: 'completionWorkflow',
      input: prepared.input,
      estimateUsd: entry ? estimateCostUsd(entry, inputTokens, outputTokens) : 0,
      model: `${first.provider}/${first.model}`,
    };
  },
};

const extractCodeArgsSchema = z.object({ text: z.string().max(5_000_000), language: z.string().min(1).max(40).optional() }).strict();

const extractCodeStep: StepTool = {
  args: extractCodeArgsSchema,
  resultFields: ['code', 'language', 'blocks'],
  prepare: async (_deps, raw) => {
    const args = extractCodeArgsSchema.parse(raw);
    return { kind: 'local', result: extractCode(args.text, args.language) };
  },
};

export const STEP_TOOLS: Readonly<Record<string, StepTool>> = {
  generate_completion: generateCompletionStep,
  extract_code_from_response: extractCodeStep,
};

/** The function the worker's step activity calls; errors name the argument and the rule. */
export function createStepPreparer(deps: StepDeps): PrepareWorkflowStep {
  return async (tool, args) => {
    const entry = STEP_TOOLS[tool];
    if (!entry) throw new ToolInputError(`unknown workflow tool "${tool}"`);
    try {
      return await entry.prepare(deps, args);
    } catch (error) {
      if (error instanceof z.ZodError) throw new ToolInputError(describeIssues(error));
      throw error;
    }
  };
}

export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'args'}: ${issue.message}`).join('; ');
}
