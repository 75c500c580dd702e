// The common path of the extraction tools: resolve the text (stored once, passed to the job by id),
// check it fits one call of the chosen model, and run the extraction workflow with its repair loop.
import { z } from 'zod';
import type { ExtractionJobInput, ExtractionJobResult, ExtractionSpec } from '../core/extraction/types.ts';
import { buildExtractionPrompt } from '../core/extraction/extraction-prompt.ts';
import { countTextTokens } from '../core/tokens/count-tokens.ts';
import { activityFor, requestCachePolicy } from './cache-policy.ts';
import type { McpDeps } from './deps.ts';
import { buildTargets } from './fallback-chain.ts';
import { resolveTarget } from './resolve-target.ts';
import { extractionWorkflow } from '../workflows/index.ts';
import { runJobTool, type ToolExtra } from './run-job-tool.ts';
import { taskJobOf } from './tasks/task-job.ts';
import { defaultedModelSchema, defaultedProviderSchema, usageSchema } from './schemas.ts';
import { resolveText, type TextInput } from './text-input.ts';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ToolInputError } from './tool-result.ts';

export const DEFAULT_MAX_ATTEMPTS = 3;
/** Room left for the answer when checking that a text fits one call. */
const ANSWER_RESERVE_TOKENS = 4_096;

export const extractionOptionsShape = {
  provider: defaultedProviderSchema,
  model: defaultedModelSchema,
};

export const extractionResultShape = {
  document_id: z.string().describe('Pass as document_id to reuse this text without resending it'),
  job_id: z.string(),
  attempts: z.number().int().describe('Model calls made, repairs included'),
  provider: z.string(),
  model: z.string(),
  usage: usageSchema.describe('Tokens over every attempt'),
  cost_usd: z.number(),
};

export interface ExtractionRun {
  tool: string;
  spec: ExtractionSpec;
  args: TextInput & { provider?: z.infer<typeof defaultedProviderSchema>; model?: string | undefined };
  maxAttempts?: number | undefined;
  present: (result: ExtractionJobResult) => object;
}

export function checkFits(spec: ExtractionSpec, text: string, target: ReturnType<typeof resolveTarget>): void {
  const window = target.model.contextWindow;
  const budget = window - Math.min(target.model.maxOutputTokens, ANSWER_RESERVE_TOKENS);
  const tooLong = (tokens: string) =>
    new ToolInputError(`text is ${tokens} tokens with the prompt; ${target.provider}/${target.model.id} takes at most ${budget} in one call: split it (chunk_document) or choose a model with a larger context window`);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > budget * 16) throw tooLong(`about ${Math.round(bytes / 4)}`);
  if (bytes < budget / 2) return;
  const prompt = buildExtractionPrompt(spec, text);
  const tokens = countTextTokens(`${prompt.system}\n${prompt.messages.map((message) => message.content).join('\n')}`, target.model).tokens;
  if (tokens > budget) throw tooLong(String(tokens));
}

export async function runExtraction(deps: McpDeps, extra: ToolExtra, run: ExtractionRun): Promise<CallToolResult> {
  return runJobTool<ExtractionJobInput, ExtractionJobResult>(deps, extra, {
    tool: run.tool,
    background: false,
    prepare: async () => {
      const target = resolveTarget(deps, run.args.provider, run.args.model);
      const document = await resolveText(deps, run.args);
      checkFits(run.spec, document.text, target);
      const cache = requestCachePolicy(deps, { task_type: 'extraction' }, '');
      const input: ExtractionJobInput = {
        ...run.spec,
        documentId: document.documentId,
        targets: buildTargets(deps, target, {}),
        maxAttempts: run.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        tool: run.tool,
        temperature: 0,
        ...(cache ? { cache } : {}),
        ...activityFor(deps, taskJobOf(extra) !== undefined),
      };
      return { workflow: extractionWorkflow, description: `${run.spec.task} from ${document.documentId} by ${target.provider}/${target.model.id}`, input };
    },
    present: run.present,
  });
}
