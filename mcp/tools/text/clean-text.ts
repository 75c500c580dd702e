// clean_text: tidies text locally (HTML to text, Unicode normalisation, control characters,
// whitespace) before it is sent to a model or compared.
import { convert as htmlToText } from 'html-to-text';
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { toolResult } from '../../tool-result.ts';
import { LOCAL_TOOL_ANNOTATIONS, localTextSchema } from './text-shapes.ts';

const OPERATIONS = ['html', 'unicode', 'control', 'whitespace'] as const;
// C0 and C1 controls except tab, line feed and carriage return; also zero-width and bidi marks.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;

export function cleanText(text: string, operations: readonly (typeof OPERATIONS)[number][]): string {
  let out = text;
  if (operations.includes('html')) out = htmlToText(out, { wordwrap: false, selectors: [{ selector: 'a', options: { ignoreHref: true } }, { selector: 'img', format: 'skip' }] });
  if (operations.includes('unicode')) out = out.normalize('NFKC');
  if (operations.includes('control')) out = out.replace(CONTROL, '');
  if (operations.includes('whitespace')) {
    out = out
      .replace(/\r\n?/g, '\n')
      .replace(/[^\S\n]+/g, ' ')
      .replace(/ *\n */g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  }
  return out;
}

export function registerCleanTextTool(server: McpServer): void {
  server.registerTool(
    'clean_text',
    {
      title: 'Clean text',
      description: 'Clean text locally: HTML to plain text, NFKC Unicode normalisation, control and zero-width characters removed, whitespace collapsed.',
      inputSchema: {
        text: localTextSchema.describe('Text to clean'),
        operations: z.array(z.enum(OPERATIONS)).min(1).optional().describe('Steps to apply, in this order; default all'),
      },
      outputSchema: { text: z.string(), characters_before: z.number().int(), characters_after: z.number().int() },
      annotations: LOCAL_TOOL_ANNOTATIONS,
    },
    ({ text, operations }) => {
      const cleaned = cleanText(text, operations ?? OPERATIONS);
      return toolResult({ text: cleaned, characters_before: text.length, characters_after: cleaned.length });
    },
  );
}
