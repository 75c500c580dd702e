// retrieve_context: the best chunks for a query (hybrid search), packed into a token budget, ready
// to paste into a prompt with each chunk's id for citation.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { KnowledgeHit } from '../../../core/knowledge/job-types.ts';
import { countTextTokens } from '../../../core/tokens/count-tokens.ts';
import type { McpDeps } from '../../deps.ts';
import { embeddingCostShape, searchShape } from '../../knowledge-args.ts';
import { runKnowledgeSearch } from '../../knowledge-search-job.ts';
import { resultOrJobHandle } from '../../schemas.ts';

const TOOL = 'retrieve_context';
const DEFAULT_TOP_K = 10;
const SEPARATOR = '\n\n';
const O200K = { tokenizer: 'o200k_base' as const };

/** Best first; a chunk that does not fit is left out and smaller ones after it may still go in. */
export function packContext(hits: KnowledgeHit[], maxTokens: number): { context: string; sources: Array<{ id: string; document_id: string; score: number; tokens: number }>; tokens: number } {
  const blocks: string[] = [];
  const sources = [];
  let tokens = 0;
  for (const hit of hits) {
    const block = `[${hit.id}]\n${hit.text}`;
    const cost = countTextTokens((blocks.length > 0 ? SEPARATOR : '') + block, O200K).tokens;
    if (tokens + cost > maxTokens) continue;
    blocks.push(block);
    tokens += cost;
    sources.push({ id: hit.id, document_id: hit.document_id, score: hit.score, tokens: cost });
  }
  return { context: blocks.join(SEPARATOR), sources, tokens };
}

export function registerRetrieveContextTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    TOOL,
    {
      title: 'Retrieve context',
      description: "A knowledge base's best chunks (hybrid search) packed best first into max_tokens, each headed by its [id].",
      inputSchema: {
        ...searchShape,
        max_tokens: z.number().int().min(1).max(1_000_000).describe('Token budget of the context'),
        top_k: z.number().int().min(1).max(100).optional().describe(`Chunks to consider (default ${DEFAULT_TOP_K})`),
      },
      outputSchema: resultOrJobHandle({
        job_id: z.string(),
        context: z.string().describe('Chunks joined by blank lines, each headed by [id]'),
        sources: z.array(z.object({ id: z.string(), document_id: z.string(), score: z.number(), tokens: z.number().int() })),
        tokens: z.number().int().describe('Tokens of context'),
        ...embeddingCostShape,
      }),
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    async (args, extra) =>
      runKnowledgeSearch(deps, extra, {
        tool: TOOL,
        mode: 'hybrid',
        args: { ...args, top_k: args.top_k ?? DEFAULT_TOP_K },
        present: (result) => ({ job_id: result.job_id, ...packContext(result.results, args.max_tokens), usage: result.usage, cost_usd: result.cost_usd }),
      }),
  );
}
