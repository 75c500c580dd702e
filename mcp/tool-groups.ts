// The group of every tool, in one place: TOOL_PROFILE exposes groups, and the meta tools describe
// tools by group. Tools still to be registered are listed already, so adding them needs no edit here.
import type { ToolGroup } from '../core/tool-profile.ts';

const GROUPS: Record<ToolGroup, readonly string[]> = {
  completion: ['generate_completion', 'stream_completion', 'chat_completion', 'multi_completion', 'compare_and_synthesize'],
  delegation: ['delegate_task', 'estimate_cost', 'compare_models', 'recommend_model'],
  jobs: ['get_job_status', 'get_job_result', 'cancel_job', 'list_jobs'],
  providers: ['list_models', 'get_provider_status'],
  cache: ['get_cache_stats', 'clear_cache'],
  usage: ['get_usage_report'],
  extraction: ['extract_json', 'extract_table', 'extract_key_value_pairs', 'infer_schema', 'extract_code_from_response'],
  tournaments: ['create_tournament', 'get_tournament_status', 'get_tournament_results', 'list_tournaments', 'cancel_tournament'],
  documents: ['chunk_document', 'summarize_document', 'extract_entities', 'generate_qa_pairs', 'process_document_batch'],
  knowledge: [
    'create_knowledge_base',
    'list_knowledge_bases',
    'delete_knowledge_base',
    'add_documents',
    'semantic_search',
    'hybrid_search',
    'retrieve_context',
    'generate_with_rag',
  ],
  workflow: ['execute_optimized_workflow'],
  text: ['clean_text', 'text_stats', 'regex_extract', 'diff_text', 'query_json', 'convert_format'],
  meta: ['get_tool_info', 'get_llm_instructions', 'get_tool_recommendations'],
};

export const GROUP_SUMMARIES: Record<ToolGroup, string> = {
  completion: 'LLM completions: single, streamed, chat, fan-out, synthesis',
  delegation: 'hand a task to the cheapest fitting model; estimate and compare costs',
  jobs: 'status, results and cancellation of durable jobs',
  providers: 'models, prices and provider health',
  cache: 'response cache statistics and clearing',
  usage: 'spend and token reports',
  extraction: 'structured data out of text: JSON, tables, key-values, schemas, code',
  tournaments: 'models compete on a prompt over rounds, scored',
  documents: 'chunk, summarize and mine long documents',
  knowledge: 'knowledge bases, semantic and hybrid search, RAG',
  workflow: 'multi-step delegated workflows',
  text: 'local text utilities, no LLM: clean, stats, regex, diff, JSON query, format conversion',
  meta: 'what the gateway offers and how to delegate well',
};

const GROUP_OF_TOOL = new Map<string, ToolGroup>(Object.entries(GROUPS).flatMap(([group, tools]) => tools.map((tool) => [tool, group as ToolGroup] as const)));

/** A tool's group; undefined for a tool not yet placed in one (exposed only by the full profile). */
export function groupOfTool(tool: string): ToolGroup | undefined {
  return GROUP_OF_TOOL.get(tool);
}
