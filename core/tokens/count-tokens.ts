// Token counts before a call is made, for budgets, context-window checks and cost estimates. OpenAI
// models use their published tokenizer (o200k_base for chat, cl100k_base for text-embedding-3), so
// their counts are exact. Other providers do not publish a tokenizer gpt-tokenizer implements; their
// counts use o200k_base as an approximation and say so in `method`.
import { countTokens as countCl100kTokens } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as countO200kTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type { ModelEntry, TokenizerName } from '../models/model-entry.ts';
import type { ChatMessage } from '../providers/types.ts';

export type CountMethod = 'exact' | 'approximate';

export interface TokenCount {
  tokens: number;
  method: CountMethod;
  encoding: TokenizerName;
}

/**
 * Chat framing from OpenAI's token-counting guide for gpt-4o-era models: every message costs three
 * tokens around its role and content, and the reply is primed with three more.
 */
export const TOKENS_PER_MESSAGE = 3;
export const TOKENS_FOR_REPLY_PRIMING = 3;

/** Text that looks like a special token (`<|endoftext|>`) is counted as the plain text it is. */
const AS_PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

const COUNTERS: Record<TokenizerName, (text: string) => number> = {
  o200k_base: (text) => countO200kTokens(text, AS_PLAIN_TEXT),
  cl100k_base: (text) => countCl100kTokens(text, AS_PLAIN_TEXT),
};

type CountingModel = Pick<ModelEntry, 'tokenizer'>;

function encodingFor(model: CountingModel): { encoding: TokenizerName; method: CountMethod } {
  return model.tokenizer ? { encoding: model.tokenizer, method: 'exact' } : { encoding: 'o200k_base', method: 'approximate' };
}

export function countTextTokens(text: string, model: CountingModel): TokenCount {
  const { encoding, method } = encodingFor(model);
  return { tokens: text.length === 0 ? 0 : COUNTERS[encoding](text), method, encoding };
}

/** Prompt tokens of a chat request: the system prompt (as a leading system message), then each message. */
export function countMessageTokens(messages: readonly ChatMessage[], system: string | undefined, model: CountingModel): TokenCount {
  const { encoding, method } = encodingFor(model);
  const count = COUNTERS[encoding];
  const all: ChatMessage[] = system ? [{ role: 'system', content: system }, ...messages] : [...messages];
  let tokens = TOKENS_FOR_REPLY_PRIMING;
  for (const message of all) {
    tokens += TOKENS_PER_MESSAGE + count(message.role) + (message.content.length === 0 ? 0 : count(message.content));
  }
  return { tokens, method, encoding };
}
