// What a stream cost. A whole stream carries the provider's usage; one that broke or was cancelled
// may carry only part of it (Anthropic reports input tokens when the message starts, OpenAI only at
// the end). Such a stream is still paid for: its cost is the usage the provider reported, plus a
// tokenizer count of the prompt and of the text received where the provider reported none, and is
// marked estimated.
import type { ProviderCallInput } from '../core/jobs/types.ts';
import type { ModelEntry } from '../core/models/registry.ts';
import { countMessageTokens, countTextTokens } from '../core/tokens/count-tokens.ts';
import { emptyUsage, type GenerateResult, type Usage } from '../core/providers/types.ts';
import type { ActivityDeps } from './deps.ts';

export interface StreamCost {
  usage: Usage;
  cost_usd: number;
  /** true: part of the usage is a tokenizer count, not the provider's figure. */
  cost_estimated: boolean;
}

export interface ReceivedStream {
  text: string;
  /** The latest usage the provider reported while streaming. */
  reported?: Usage | undefined;
  /** The provider's final result, when the stream finished. */
  final?: GenerateResult | undefined;
}

export function usageOfStream(model: ModelEntry, input: Pick<ProviderCallInput, 'messages' | 'system'>, received: ReceivedStream): { usage: Usage; estimated: boolean } {
  if (received.final) return { usage: received.final.usage, estimated: false };
  const reported = received.reported;
  // Nothing reported and nothing generated: the provider refused or never answered, nothing was billed.
  if (!reported && received.text.length === 0) return { usage: emptyUsage(), estimated: false };
  const base = reported ?? emptyUsage();
  return {
    usage: {
      ...base,
      inputTokens: base.inputTokens > 0 ? base.inputTokens : countMessageTokens(input.messages, input.system, model).tokens,
      outputTokens: Math.max(base.outputTokens, countTextTokens(received.text, model).tokens),
    },
    estimated: true,
  };
}

export function costOfStream(deps: Pick<ActivityDeps, 'computeCost'>, model: ModelEntry, input: Pick<ProviderCallInput, 'messages' | 'system'>, received: ReceivedStream): StreamCost {
  const { usage, estimated } = usageOfStream(model, input, received);
  return { usage, cost_usd: deps.computeCost(model, usage).total_usd, cost_estimated: estimated };
}
