// query_json: picks values out of a JSON document with a JMESPath expression (the community
// specification), locally, so an agent need not load a large document into its context.
import { search } from '@jmespath-community/jmespath';
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { pathBeyondDepth } from '../../../core/nesting-depth.ts';
import { toolError, toolResult } from '../../tool-result.ts';
import { LOCAL_TOOL_ANNOTATIONS, localTextSchema } from './text-shapes.ts';

/** JMESPath evaluation recurses through the document: deeper documents are refused. */
const MAX_DOCUMENT_DEPTH = 256;

export function registerQueryJsonTool(server: McpServer): void {
  server.registerTool(
    'query_json',
    {
      title: 'Query JSON',
      description: 'Evaluate a JMESPath expression (e.g. "items[?price > `10`].name") against a JSON document, locally.',
      inputSchema: {
        json: localTextSchema.describe('The JSON document, as text'),
        query: z.string().min(1).max(10_000).describe('JMESPath expression'),
      },
      outputSchema: { result: z.unknown() },
      annotations: LOCAL_TOOL_ANNOTATIONS,
    },
    ({ json, query }) => {
      let document: unknown;
      try {
        document = JSON.parse(json);
      } catch (error) {
        return toolError(`query_json: json is not valid JSON: ${(error as Error).message}`);
      }
      const tooDeep = pathBeyondDepth(document, MAX_DOCUMENT_DEPTH);
      if (tooDeep) return toolError(`query_json: json nests more than ${MAX_DOCUMENT_DEPTH} arrays and objects deep (at ${tooDeep.slice(0, 8).join('.')}…)`);
      try {
        return toolResult({ result: search(document as Parameters<typeof search>[0], query) ?? null });
      } catch (error) {
        if (error instanceof RangeError) return toolError('query_json: query nests too deeply to evaluate; split it into simpler expressions');
        return toolError(`query_json: query is not a valid JMESPath expression here: ${(error as Error).message}`);
      }
    },
  );
}
