// Parameter and result shapes shared by several tools, so the catalogue stays small and consistent.
import { z } from 'zod';
import { PROVIDER_IDS } from '../core/providers/types.ts';
import { cacheResultShape } from './cache-policy.ts';
import { valuesOnRequest } from './lean-tool-list.ts';
import { boundedText, TEXT_LIMITS } from './text-limits.ts';

// One description per shape. Where a field is optional and defaults, the defaulted variant says so;
// the plain one never promises a default it does not have.
// The provider list is the same in every tool: tools/list shows it as a string, and a wrong value's
// error (like get_tool_info) names every provider.
export const providerSchema = valuesOnRequest(z.enum(PROVIDER_IDS)).describe('Provider id, e.g. openai');
export const modelSchema = z.string().min(1).max(200).describe('Model id or alias, e.g. gpt-4o-mini');
export const defaultedProviderSchema = providerSchema.optional().describe("Provider id, e.g. openai; default: the model's, else the first configured");
export const defaultedModelSchema = modelSchema.optional().describe("Model id or alias; default: the provider's");
/** One model to call: in fallback chains, fan-outs and synthesizers alike. */
export const modelTargetSchema = z.object({ provider: providerSchema, model: defaultedModelSchema });
export const maxTokensSchema = z.number().int().positive().max(1_000_000).describe('Max output tokens');
export const temperatureSchema = z.number().min(0).max(2).describe('Sampling temperature, 0 to 2');
export const systemSchema = boundedText(TEXT_LIMITS.system).describe('System prompt');
export const backgroundSchema = z.boolean().describe('true: answer at once with job_id for get_job_result');
export const jobIdSchema = z.string().min(1).max(300).describe('job_id returned by a tool');

export const chatMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant']).describe('Who speaks'),
  content: boundedText(TEXT_LIMITS.prompt).min(1, 'content must not be empty').describe('Message text'),
});

export const usageSchema = z
  .object({
    input_tokens: z.number().int(),
    output_tokens: z.number().int(),
    total_tokens: z.number().int(),
    cached_input_tokens: z.number().int().optional(),
    cache_write_tokens: z.number().int().optional(),
    reasoning_tokens: z.number().int().optional(),
  })
  .describe('Tokens the provider reported');

export const jobStatusSchema = z
  .enum(['running', 'completed', 'failed', 'cancelled', 'terminated', 'timed_out', 'continued_as_new', 'unknown'])
  .describe('Job state');

export const jobDescriptionSchema = z.object({
  job_id: z.string(),
  status: jobStatusSchema,
  tool: z.string().describe('Tool that started the job'),
  description: z.string().describe('What the job is'),
  workflow_type: z.string(),
  started_at: z.string().describe('ISO time the job started'),
  closed_at: z.string().nullable().describe('ISO time the job ended, null while running'),
});

export const jobProgressSchema = z
  .object({ phase: z.string(), done: z.number(), total: z.number() })
  .describe('How far a running job has got, when it reports it');

/** What a job tool answers while its job runs on (background, or after JOB_WAIT_SECONDS): fetch the result with get_job_result. */
export const jobHandleShape = {
  job_id: z.string().describe('Durable job id (Temporal workflow id)'),
  status: jobStatusSchema,
  progress: jobProgressSchema.optional(),
};

/**
 * The result of a tool that waits for its job, or that job's handle when the job outlasts
 * JOB_WAIT_SECONDS: every result field optional, with the handle's status and progress.
 */
export function resultOrJobHandle(shape: Record<string, z.ZodType>): Record<string, z.ZodType> {
  const optional = Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, field instanceof z.ZodOptional ? field : field.optional()]));
  return { ...optional, status: jobStatusSchema.optional(), progress: jobProgressSchema.optional() };
}

export const completionResultShape = {
  ...jobHandleShape,
  text: z.string().optional().describe('Generated text'),
  provider: z.string().optional(),
  model: z.string().optional(),
  finish_reason: z.string().optional(),
  usage: usageSchema.optional(),
  cost_usd: z.number().optional().describe('Cost from provider-reported usage and registry prices'),
  cost_estimated: z.boolean().optional().describe('true: the stream broke before the provider reported all usage; tokens partly counted'),
  latency_ms: z.number().optional().describe('Provider call time'),
  ignored_parameters: z.array(z.string()).optional().describe("Parameters this model's API does not accept; not sent"),
  fallback: z
    .object({
      requested: z.object({ provider: z.string(), model: z.string() }),
      failed: z.array(z.object({ provider: z.string(), model: z.string(), error: z.string(), error_type: z.string() })),
      reason: z.string(),
    })
    .optional()
    .describe('Present when another model answered because the requested one stayed down'),
  ...cacheResultShape,
};
