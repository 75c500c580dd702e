// regex_extract: every match of a JavaScript regular expression with its groups, under a time bound
// no pattern can break (see run-regex.ts).
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { toolError, toolResult } from '../../tool-result.ts';
import { REGEX_TIMEOUT_MS, runRegex } from './run-regex.ts';
import { LOCAL_TOOL_ANNOTATIONS, localTextSchema } from './text-shapes.ts';

export function registerRegexExtractTool(server: McpServer): void {
  server.registerTool(
    'regex_extract',
    {
      title: 'Regex extract',
      description: `All matches of a JavaScript regular expression with capture groups, computed locally; stopped after ${REGEX_TIMEOUT_MS / 1000} s.`,
      inputSchema: {
        text: localTextSchema.describe('Text to search'),
        pattern: z.string().min(1).max(10_000).describe('Regular expression source, without slashes'),
        flags: z
          .string()
          .regex(/^(?!.*(.).*\1)[dgimsuvy]*$/, 'flags must be distinct letters among d g i m s u v y')
          .optional()
          .describe('Flags such as "i" or "ms"; g is implied'),
        max_matches: z.number().int().min(1).max(10_000).optional().describe('Most matches returned; default 1000'),
      },
      outputSchema: {
        matches: z.array(z.object({ match: z.string(), index: z.number().int(), groups: z.array(z.string().nullable()), named_groups: z.record(z.string(), z.string().nullable()).optional() })),
        count: z.number().int(),
        truncated: z.boolean(),
      },
      annotations: LOCAL_TOOL_ANNOTATIONS,
    },
    async ({ text, pattern, flags, max_matches }) => {
      const outcome = await runRegex(text, pattern, flags ?? '', max_matches ?? 1000);
      if (!outcome.ok) return toolError(`regex_extract: pattern: ${outcome.error}`);
      return toolResult({ matches: outcome.matches, count: outcome.matches.length, truncated: outcome.truncated });
    },
  );
}
