// The parameters every completion-style tool shares, and how they become a workflow input.
import { z } from 'zod';
import type { CompletionJobInput, CompletionJobResult } from '../core/jobs/types.ts';
import type { ChatMessage } from '../core/providers/types.ts';
import { activityFor, cacheFastPath, cacheOptionsShape, requestCachePolicy } from './cache-policy.ts';
import type { McpDeps } from './deps.ts';
import { buildTargets } from './fallback-chain.ts';
import { resolveTarget } from './resolve-target.ts';
import { defaultedModelSchema, defaultedProviderSchema, maxTokensSchema, modelTargetSchema, systemSchema, temperatureSchema } from './schemas.ts';

export const fallbackTargetSchema = modelTargetSchema;

export const completionOptionsShape = {
  provider: defaultedProviderSchema,
  model: defaultedModelSchema,
  system: systemSchema.optional(),
  max_tokens: maxTokensSchema.optional(),
  temperature: temperatureSchema.optional(),
  fallback: z.boolean().optional().describe('false: no other model may answer'),
  fallbacks: z.array(fallbackTargetSchema).max(5).optional().describe('Tried in order while the model is down'),
  response_format: z.enum(['text', 'json']).optional().describe('json: answer as one JSON object'),
  ...cacheOptionsShape,
};

export const completionOptionsSchema = z.object(completionOptionsShape);
export type CompletionOptions = z.infer<typeof completionOptionsSchema>;

export interface PreparedCompletion {
  description: string;
  promptPreview: string;
  input: CompletionJobInput;
  /** An exact cache hit, ready to return. */
  answer?: CompletionJobResult | undefined;
  /** Derived from the cache key: identical requests in flight share one job. */
  jobId?: string | undefined;
}

export async function prepareCompletion(deps: McpDeps, tool: string, messages: ChatMessage[], options: CompletionOptions & { background?: boolean | undefined }): Promise<PreparedCompletion> {
  const target = resolveTarget(deps, options.provider, options.model);
  const lastUser = [...messages].reverse().find((message) => message.role === 'user')?.content ?? '';
  const cache = requestCachePolicy(deps, options, lastUser);
  const input: CompletionJobInput = {
    request: {
      messages,
      system: options.system,
      maxTokens: options.max_tokens,
      temperature: options.temperature,
      responseFormat: options.response_format,
      tool,
      ...(cache ? { cache } : {}),
    },
    targets: buildTargets(deps, target, options),
    ...activityFor(deps, options.background),
  };
  const description = `${target.provider}/${target.model.id}`;
  return { description, promptPreview: lastUser, input, ...(await cacheFastPath(deps.cache, tool, input)) };
}
