// The parts of Anthropic Messages responses the adapter reads, validated at the edge so a broken
// body becomes a retryable malformed-response error instead of a crash deep in the mapping.
import { z } from 'zod';

export const anthropicUsageSchema = z.object({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  cache_read_input_tokens: z.number().nullish(),
  cache_creation_input_tokens: z.number().nullish(),
  output_tokens_details: z.object({ thinking_tokens: z.number().nullish() }).nullish(),
});

export type AnthropicUsage = z.infer<typeof anthropicUsageSchema>;

export const anthropicMessageSchema = z.object({
  model: z.string(),
  content: z.array(z.object({ type: z.string(), text: z.string().optional() })),
  stop_reason: z.string().nullable(),
  usage: anthropicUsageSchema,
});

export type AnthropicMessage = z.infer<typeof anthropicMessageSchema>;
