// Token counts before a call is made, for budgets, context-window checks and cost estimates. OpenAI
// models use their published tokenizer (o200k_base for chat, cl100k_base for text-embedding-3), so
// their counts are exact. Other providers do not publish a tokenizer gpt-tokenizer implements; their
// counts use o200k_base as an approximation and say so in `method`. Long runs without spaces are
// counted in bounded pieces (split-long-runs.ts), so counting is linear in the length of any text.
import { countTokens as countCl100kTokens, setMergeCacheSize as setCl100kMergeCacheSize } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as countO200kTokens, setMergeCacheSize as setO200kMergeCacheSize } from 'gpt-tokenizer/encoding/o200k_base';
import type { ModelEntry, TokenizerName } from '../models/model-entry.ts';
import type { ChatMessage } from '../providers/types.ts';
import { splitLongRuns } from './split-long-runs.ts';

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

/**
 * gpt-tokenizer keeps an LRU of encoded pre-tokens (100,000 by default). Once a text of unique
 * pieces (random DNA) has filled it, its evictions slow every later count about tenfold; a small
 * cache keeps the speed-up for repeated words without that cost.
 */
const MERGE_CACHE_ENTRIES = 2048;
setO200kMergeCacheSize(MERGE_CACHE_ENTRIES);
setCl100kMergeCacheSize(MERGE_CACHE_ENTRIES);

/** Text that looks like a special token (`<|endoftext|>`) is counted as the plain text it is. */
const AS_PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

const ENCODERS: Record<TokenizerName, (text: string) => number> = {
  o200k_base: (text) => countO200kTokens(text, AS_PLAIN_TEXT),
  cl100k_base: (text) => countCl100kTokens(text, AS_PLAIN_TEXT),
};

/** Tokens of one text, and whether a long run had to be cut (which makes the count approximate). */
function countBounded(encoding: TokenizerName, text: string): { tokens: number; cut: boolean } {
  if (text.length === 0) return { tokens: 0, cut: false };
  const { pieces, cut } = splitLongRuns(text);
  let tokens = 0;
  for (const piece of pieces) tokens += ENCODERS[encoding](piece);
  return { tokens, cut };
}

type CountingModel = Pick<ModelEntry, 'tokenizer'>;

function encodingFor(model: CountingModel): { encoding: TokenizerName; method: CountMethod } {
  return model.tokenizer ? { encoding: model.tokenizer, method: 'exact' } : { encoding: 'o200k_base', method: 'approximate' };
}

export function countTextTokens(text: string, model: CountingModel): TokenCount {
  const { encoding, method } = encodingFor(model);
  const { tokens, cut } = countBounded(encoding, text);
  return { tokens, method: cut ? 'approximate' : method, encoding };
}

/** Prompt tokens of a chat request: the system prompt (as a leading system message), then each message. */
export function countMessageTokens(messages: readonly ChatMessage[], system: string | undefined, model: CountingModel): TokenCount {
  const { encoding, method } = encodingFor(model);
  const all: ChatMessage[] = system ? [{ role: 'system', content: system }, ...messages] : [...messages];
  let tokens = TOKENS_FOR_REPLY_PRIMING;
  let approximate = false;
  for (const message of all) {
    const content = countBounded(encoding, message.content);
    tokens += TOKENS_PER_MESSAGE + ENCODERS[encoding](message.role) + content.tokens;
    approximate ||= content.cut;
  }
  return { tokens, method: approximate ? 'approximate' : method, encoding };
}
