// extract_code_from_response: the code in a model's answer (fenced blocks, else indented blocks),
// without calling a model.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { extractCode } from '../../../core/code/extract-code.ts';
import type { McpDeps } from '../../deps.ts';
import { toolResult } from '../../tool-result.ts';

const blockSchema = z.object({ language: z.string().nullable().describe('Language from the fence, null when unlabelled'), code: z.string() });

export function registerExtractCodeFromResponseTool(server: McpServer, _deps: McpDeps): void {
  server.registerTool(
    'extract_code_from_response',
    {
      title: 'Extract code from response',
      description: 'The code blocks in a text (fenced, else indented) and the one in the wanted language. No LLM call.',
      inputSchema: {
        text: z.string().min(1, 'text must not be empty').max(5_000_000).describe('A model answer containing code'),
        language: z.string().min(1).max(40).optional().describe("Preferred language, e.g. 'python'; default: the first block"),
      },
      outputSchema: {
        code: z.string().describe("The chosen block's code; '' when the text has none"),
        language: z.string().nullable(),
        blocks: z.array(blockSchema).describe('Every block, in order'),
      },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    ({ text, language }) => toolResult(extractCode(text, language)),
  );
}
