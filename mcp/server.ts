// Builds an MCP server from injected dependencies. No side effects: transports are attached by
// mcp/stdio.ts and mcp/http.ts.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpDeps } from './deps.ts';
import { applyToolGuards } from './protocol-guards.ts';
import { measureToolCalls } from './tool-metrics.ts';
import { trackCallsForShutdown } from './shutdown.ts';
import { explainHiddenToolCalls, trackCatalogue } from './tool-catalogue.ts';
import { serveLeanToolList } from './lean-tool-list.ts';
import { TOOL_GROUP_NAMES } from '../core/tool-profile.ts';
import { registerChatCompletionTool } from './tools/completion/chat-completion.ts';
import { registerCompareAndSynthesizeTool } from './tools/completion/compare-and-synthesize.ts';
import { registerGenerateCompletionTool } from './tools/completion/generate-completion.ts';
import { registerMultiCompletionTool } from './tools/completion/multi-completion.ts';
import { registerStreamCompletionTool } from './tools/completion/stream-completion.ts';
import { registerCancelJobTool } from './tools/jobs/cancel-job.ts';
import { registerGetJobResultTool } from './tools/jobs/get-job-result.ts';
import { registerGetJobStatusTool } from './tools/jobs/get-job-status.ts';
import { registerListJobsTool } from './tools/jobs/list-jobs.ts';
import { registerCompareModelsTool } from './tools/delegation/compare-models.ts';
import { registerDelegateTaskTool } from './tools/delegation/delegate-task.ts';
import { registerEstimateCostTool } from './tools/delegation/estimate-cost.ts';
import { registerRecommendModelTool } from './tools/delegation/recommend-model.ts';
import { registerGetProviderStatusTool } from './tools/providers/get-provider-status.ts';
import { registerListModelsTool } from './tools/providers/list-models.ts';
import { registerGetUsageReportTool } from './tools/usage/get-usage-report.ts';
import { registerClearCacheTool } from './tools/cache/clear-cache.ts';
import { registerGetCacheStatsTool } from './tools/cache/get-cache-stats.ts';
import { registerChunkDocumentTool } from './tools/documents/chunk-document.ts';
import { registerExtractEntitiesTool } from './tools/documents/extract-entities.ts';
import { registerGenerateQaPairsTool } from './tools/documents/generate-qa-pairs.ts';
import { registerProcessDocumentBatchTool } from './tools/documents/process-document-batch.ts';
import { registerSummarizeDocumentTool } from './tools/documents/summarize-document.ts';
import { registerExtractJsonTool } from './tools/extraction/extract-json.ts';
import { registerExtractKeyValuePairsTool } from './tools/extraction/extract-key-value-pairs.ts';
import { registerExtractTableTool } from './tools/extraction/extract-table.ts';
import { registerInferSchemaTool } from './tools/extraction/infer-schema.ts';
import { registerExtractCodeFromResponseTool } from './tools/extraction/extract-code-from-response.ts';
import { registerCancelTournamentTool } from './tools/tournaments/cancel-tournament.ts';
import { registerCreateTournamentTool } from './tools/tournaments/create-tournament.ts';
import { registerGetTournamentResultsTool } from './tools/tournaments/get-tournament-results.ts';
import { registerGetTournamentStatusTool } from './tools/tournaments/get-tournament-status.ts';
import { registerListTournamentsTool } from './tools/tournaments/list-tournaments.ts';
import { registerAddDocumentsTool } from './tools/knowledge/add-documents.ts';
import { registerCreateKnowledgeBaseTool } from './tools/knowledge/create-knowledge-base.ts';
import { registerDeleteKnowledgeBaseTool } from './tools/knowledge/delete-knowledge-base.ts';
import { registerGenerateWithRagTool } from './tools/knowledge/generate-with-rag.ts';
import { registerHybridSearchTool } from './tools/knowledge/hybrid-search.ts';
import { registerListKnowledgeBasesTool } from './tools/knowledge/list-knowledge-bases.ts';
import { registerRetrieveContextTool } from './tools/knowledge/retrieve-context.ts';
import { registerSemanticSearchTool } from './tools/knowledge/semantic-search.ts';
import { registerExecuteOptimizedWorkflowTool } from './tools/workflow/execute-optimized-workflow.ts';
import { registerCleanTextTool } from './tools/text/clean-text.ts';
import { registerConvertFormatTool } from './tools/text/convert-format.ts';
import { registerDiffTextTool } from './tools/text/diff-text.ts';
import { registerQueryJsonTool } from './tools/text/query-json.ts';
import { registerRegexExtractTool } from './tools/text/regex-extract.ts';
import { registerTextStatsTool } from './tools/text/text-stats.ts';
import { registerGetLlmInstructionsTool } from './tools/meta/get-llm-instructions.ts';
import { registerGetToolInfoTool } from './tools/meta/get-tool-info.ts';
import { registerGetToolRecommendationsTool } from './tools/meta/get-tool-recommendations.ts';

export const SERVER_NAME = 'delegation-gateway';
export const SERVER_VERSION = '0.1.0';

export function createServer(deps: McpDeps): McpServer {
  const server = new McpServer(
    { name: SERVER_NAME, version: SERVER_VERSION },
    {
      capabilities: { tools: {}, logging: {}, ...(deps.tasks ? { tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } } } : {}) },
      ...(deps.tasks ? { taskStore: deps.tasks } : {}),
      instructions:
        'Delegate routine LLM work (completions, summaries, extraction) to cheaper models. Every call runs as a durable job; long work returns a job_id to poll with get_job_status / get_job_result.',
    },
  );
  applyToolGuards(server);
  if (deps.metrics) measureToolCalls(server, deps.metrics);
  if (deps.shutdown) trackCallsForShutdown(server, deps.shutdown);
  const catalogue = trackCatalogue(server, deps.config.toolGroups, TOOL_GROUP_NAMES);
  registerGenerateCompletionTool(server, deps);
  registerStreamCompletionTool(server, deps);
  registerChatCompletionTool(server, deps);
  registerMultiCompletionTool(server, deps);
  registerCompareAndSynthesizeTool(server, deps);
  registerGetJobStatusTool(server, deps);
  registerGetJobResultTool(server, deps);
  registerCancelJobTool(server, deps);
  registerListJobsTool(server, deps);
  registerDelegateTaskTool(server, deps);
  registerEstimateCostTool(server, deps);
  registerCompareModelsTool(server, deps);
  registerRecommendModelTool(server, deps);
  registerGetUsageReportTool(server, deps);
  registerListModelsTool(server, deps);
  registerGetProviderStatusTool(server, deps);
  registerGetCacheStatsTool(server, deps);
  registerClearCacheTool(server, deps);
  registerChunkDocumentTool(server, deps);
  registerSummarizeDocumentTool(server, deps);
  registerExtractEntitiesTool(server, deps);
  registerGenerateQaPairsTool(server, deps);
  registerProcessDocumentBatchTool(server, deps);
  registerExtractJsonTool(server, deps);
  registerExtractTableTool(server, deps);
  registerExtractKeyValuePairsTool(server, deps);
  registerInferSchemaTool(server, deps);
  registerExtractCodeFromResponseTool(server, deps);
  registerCreateTournamentTool(server, deps);
  registerGetTournamentStatusTool(server, deps);
  registerGetTournamentResultsTool(server, deps);
  registerListTournamentsTool(server, deps);
  registerCancelTournamentTool(server, deps);
  registerCreateKnowledgeBaseTool(server, deps);
  registerListKnowledgeBasesTool(server, deps);
  registerDeleteKnowledgeBaseTool(server, deps);
  registerAddDocumentsTool(server, deps);
  registerSemanticSearchTool(server, deps);
  registerHybridSearchTool(server, deps);
  registerRetrieveContextTool(server, deps);
  registerGenerateWithRagTool(server, deps);
  registerExecuteOptimizedWorkflowTool(server, deps);
  registerCleanTextTool(server);
  registerTextStatsTool(server, deps);
  registerRegexExtractTool(server);
  registerDiffTextTool(server);
  registerQueryJsonTool(server);
  registerConvertFormatTool(server);
  registerGetToolInfoTool(server, catalogue);
  registerGetLlmInstructionsTool(server, deps, catalogue);
  registerGetToolRecommendationsTool(server, catalogue);
  serveLeanToolList(server);
  explainHiddenToolCalls(server, catalogue);
  return server;
}
