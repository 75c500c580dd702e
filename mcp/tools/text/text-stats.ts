// text_stats: counts an agent needs before delegating a text (size, tokens on a model, reading time),
// computed locally.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpDeps } from '../../deps.ts';
import { resolveModel } from '../../resolve-target.ts';
import { defaultedModelSchema, defaultedProviderSchema } from '../../schemas.ts';
import { toolError, toolResult, ToolInputError } from '../../tool-result.ts';
import { LOCAL_TOOL_ANNOTATIONS, localTextSchema } from './text-shapes.ts';

const WORDS_PER_MINUTE = 238;
const segmenter = { words: new Intl.Segmenter('en', { granularity: 'word' }), sentences: new Intl.Segmenter('en', { granularity: 'sentence' }) };

export function countWords(text: string): number {
  let words = 0;
  for (const segment of segmenter.words.segment(text)) if (segment.isWordLike) words += 1;
  return words;
}

export function countSentences(text: string): number {
  let sentences = 0;
  for (const segment of segmenter.sentences.segment(text)) if (segment.segment.trim().length > 0) sentences += 1;
  return sentences;
}

export function registerTextStatsTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'text_stats',
    {
      title: 'Text statistics',
      description: "Characters, words, sentences, paragraphs, tokens on a model's tokenizer and reading time of a text, computed locally.",
      inputSchema: { text: localTextSchema.describe('Text to measure'), provider: defaultedProviderSchema, model: defaultedModelSchema },
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
        const entry = resolveModel(deps, provider, model);
        const count = await deps.tokens.countText(text, entry, extra.signal);
        const words = countWords(text);
        return toolResult({
          characters: [...text].length,
          words,
          sentences: countSentences(text),
          paragraphs: text.split(/\n\s*\n/).filter((paragraph) => paragraph.trim().length > 0).length,
          lines: text.length === 0 ? 0 : text.split('\n').length,
          tokens: count.tokens,
          token_count_method: count.method,
          model: `${entry.provider}/${entry.id}`,
          reading_time_seconds: Math.round((words / WORDS_PER_MINUTE) * 60),
        });
      } catch (error) {
        if (error instanceof ToolInputError) return toolError(`text_stats: ${error.message}`);
        throw error;
      }
    },
  );
}
