// text_stats: counts an agent needs before delegating a text (size, tokens on a model, reading time),
// computed locally.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpDeps } from '../../deps.ts';
import { resolveModel } from '../../resolve-target.ts';
import { modelSchema, providerSchema } from '../../schemas.ts';
import { toolError, toolResult, ToolInputError } from '../../tool-result.ts';
import { LOCAL_TOOL_ANNOTATIONS, localTextSchema } from './text-shapes.ts';

const WORDS_PER_MINUTE = 238;
// Regular expressions rather than Intl.Segmenter, which takes seconds on a few hundred kilobytes:
// a word is a run of letters or digits (joined by an apostrophe, hyphen or dot), a sentence ends at
// terminal punctuation followed by a space or the end. A CJK run counts as one word.
const WORD = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu;
const SENTENCE_END = /[.!?。！？]+["'”’)\]]*(?=\s|$)/gu;

export function countWords(text: string): number {
  let words = 0;
  for (const _ of text.matchAll(WORD)) words += 1;
  return words;
}

export function countSentences(text: string): number {
  let sentences = 0;
  let lastEnd = 0;
  for (const found of text.matchAll(SENTENCE_END)) {
    if (/[\p{L}\p{N}]/u.test(text.slice(lastEnd, found.index))) sentences += 1;
    lastEnd = found.index + found[0].length;
  }
  if (/[\p{L}\p{N}]/u.test(text.slice(lastEnd))) sentences += 1;
  return sentences;
}

export function registerTextStatsTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'text_stats',
    {
      title: 'Text statistics',
      description: "Characters, words, sentences, paragraphs, tokens on a model's tokenizer and reading time of a text, computed locally.",
      inputSchema: {
        text: localTextSchema.describe('Text to measure'),
        provider: providerSchema.optional().describe("Provider; default: the model's"),
        model: modelSchema.optional().describe('Model whose tokenizer counts; default: o200k_base encoding'),
      },
      outputSchema: {
        characters: z.number().int(),
        words: z.number().int(),
        sentences: z.number().int(),
        paragraphs: z.number().int(),
        lines: z.number().int(),
        tokens: z.number().int(),
        token_count_method: z.string(),
        model: z.string(),
        reading_time_seconds: z.number(),
      },
      annotations: LOCAL_TOOL_ANNOTATIONS,
    },
    async ({ text, provider, model }, extra) => {
      try {
        const entry = provider === undefined && model === undefined ? undefined : resolveModel(deps, provider, model);
        const count = await deps.tokens.countText(text, entry ?? { tokenizer: 'o200k_base' }, extra.signal);
        const words = countWords(text);
        return toolResult({
          characters: [...text].length,
          words,
          sentences: countSentences(text),
          paragraphs: text.split(/\n\s*\n/).filter((paragraph) => paragraph.trim().length > 0).length,
          lines: text.length === 0 ? 0 : text.split('\n').length,
          tokens: count.tokens,
          token_count_method: count.method,
          model: entry ? `${entry.provider}/${entry.id}` : 'o200k_base',
          reading_time_seconds: Math.round((words / WORDS_PER_MINUTE) * 60),
        });
      } catch (error) {
        if (error instanceof ToolInputError) return toolError(`text_stats: ${error.message}`);
        throw error;
      }
    },
  );
}
