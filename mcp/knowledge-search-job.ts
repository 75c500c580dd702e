// The one way the search tools (semantic_search, hybrid_search, retrieve_context) run a search: load
// the knowledge base, then a search job whose result each tool presents its own way.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { KnowledgeSearchInput, KnowledgeSearchResult, SearchMode } from '../core/knowledge/job-types.ts';
import { knowledgeSearchWorkflow } from '../workflows/index.ts';
import type { McpDeps } from './deps.ts';
import { loadKnowledgeBase, searchRequest, type SearchArgs } from './knowledge-args.ts';
import { runJobTool, type ToolExtra } from './run-job-tool.ts';

export function runKnowledgeSearch(
  deps: McpDeps,
  extra: ToolExtra,
  search: { tool: string; mode: SearchMode; args: SearchArgs & { semantic_weight?: number | undefined }; present: (result: KnowledgeSearchResult) => object },
): Promise<CallToolResult> {
  return runJobTool<KnowledgeSearchInput, KnowledgeSearchResult>(deps, extra, {
    tool: search.tool,
    background: false,
    prepare: async () => {
      const record = await loadKnowledgeBase(deps, search.args.knowledge_base);
      return { workflow: knowledgeSearchWorkflow, description: `knowledge base ${record.name}`, promptPreview: search.args.query, input: searchRequest(deps, record, search.args, search.mode, search.tool) };
    },
    present: search.present,
  });
}
