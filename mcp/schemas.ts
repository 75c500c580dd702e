// Parameter and result shapes shared by several tools, so the catalogue stays small and consistent.
import { z } from 'zod';
import { PROVIDER_IDS } from '../core/providers/types.ts';
import { cacheResultShape } from './cache-policy.ts';
import { boundedText, TEXT_LIMITS } from './text-limits.ts';

export const providerSchema = z.enum(PROVIDER_IDS).describe('Provider to use; default: the first configured provider');
export const modelSchema = z.string().min(1).max(200).describe("Model id or alias, e.g. 'gpt-4o-mini'; default: the provider's default model");
export const maxTokensSchema = z.number().int().positive().max(1_000_000).describe('Upper bound on generated tokens');
export const temperatureSchema = z.number().min(0).max(2).describe('Sampling temperature, 0 to 2');
export const systemSchema = boundedText(TEXT_LIMITS.system).describe('System prompt');
export const backgroundSchema = z.boolean().describe('true: return at once with job_id; poll get_job_status / get_job_result');
export const jobIdSchema = z.string().min(1).max(300).describe('job_id returned by a tool');

export const chatMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant']).describe('Who speaks'),
  content: boundedText(TEXT_LIMITS.prompt).describe('Message text'),
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

export const completionResultShape = {
  job_id: z.string().describe('Durable job id (Temporal workflow id)'),
  status: jobStatusSchema,
  text: z.string().optional().describe('Generated text'),
  provider: z.string().optional(),
  model: z.string().optional(),
  finish_reason: z.string().optional(),
  usage: usageSchema.optional(),
  cost_usd: z.number().optional().describe('Cost from provider-reported usage and registry prices'),
  latency_ms: z.number().optional().describe('Provider call time'),
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
