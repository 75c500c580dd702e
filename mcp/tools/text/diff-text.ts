// diff_text: what changed between two texts, as a unified diff (lines) or marked words, computed
// locally so an agent need not pay a model to compare.
import { createTwoFilesPatch, diffWords, diffLines } from 'diff';
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { toolError, toolResult } from '../../tool-result.ts';
import { LOCAL_TOOL_ANNOTATIONS, localTextSchema } from './text-shapes.ts';

/** Diffing is quadratic at worst; beyond this many milliseconds the diff gives up. */
const DIFF_TIMEOUT_MS = 5_000;

export function registerDiffTextTool(server: McpServer): void {
  server.registerTool(
    'diff_text',
    {
      title: 'Diff text',
      description: 'Compare two texts locally: a unified diff by line, or by word with [-removed-]{+added+} marks.',
      inputSchema: {
        original: localTextSchema.describe('The earlier text'),
        modified: localTextSchema.describe('The later text'),
        level: z.enum(['line', 'word']).optional().describe('line (default): unified diff; word: inline marks'),
        context_lines: z.number().int().min(0).max(100).optional().describe('Unchanged lines around each line change; default 3'),
      },
      outputSchema: { diff: z.string(), identical: z.boolean(), added: z.number().int(), removed: z.number().int() },
      annotations: LOCAL_TOOL_ANNOTATIONS,
    },
    ({ original, modified, level, context_lines }) => {
      const changes = level === 'word' ? diffWords(original, modified, { timeout: DIFF_TIMEOUT_MS }) : diffLines(original, modified, { timeout: DIFF_TIMEOUT_MS });
      if (!changes) return toolError(`diff_text: the texts differ too much to diff within ${DIFF_TIMEOUT_MS / 1000} s; diff smaller parts`);
      const added = changes.filter((change) => change.added).reduce((sum, change) => sum + change.count, 0);
      const removed = changes.filter((change) => change.removed).reduce((sum, change) => sum + change.count, 0);
      const diff =
        level === 'word'
          ? changes.map((change) => (change.added ? `{+${change.value}+}` : change.removed ? `[-${change.value}-]` : change.value)).join('')
          : added + removed === 0
            ? ''
            : createTwoFilesPatch('original', 'modified', original, modified, undefined, undefined, { context: context_lines ?? 3 });
      return toolResult({ diff, identical: added + removed === 0, added, removed });
    },
  );
}
