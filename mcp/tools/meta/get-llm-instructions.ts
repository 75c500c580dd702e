// get_llm_instructions: how an agent delegates well through this gateway, written from what is live
// here: the exposed and hidden groups, the configured providers, caching and the job wait.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpDeps } from '../../deps.ts';
import type { ToolCatalogue } from '../../tool-catalogue.ts';
import { GROUP_SUMMARIES } from '../../tool-groups.ts';
import { toolResult } from '../../tool-result.ts';
import { META_ANNOTATIONS } from './get-tool-info.ts';

export function buildInstructions(deps: McpDeps, catalogue: ToolCatalogue): { instructions: string; exposed_groups: string[]; hidden_groups: string[]; configured_providers: string[] } {
  const entries = catalogue.entries();
  const has = (tool: string) => catalogue.get(tool)?.exposed === true;
  const groupsOf = (exposed: boolean) => [...new Set(entries.filter((entry) => entry.exposed === exposed && entry.group).map((entry) => entry.group!))];
  const exposed = groupsOf(true);
  const hidden = groupsOf(false).filter((group) => !exposed.includes(group));
  const providers = deps.providers.configuredProviders();
  const lines = [
    '# Delegating through this gateway',
    providers.length > 0
      ? `Configured providers: ${providers.join(', ')}. Only their models can be called${has('list_models') ? '; list_models shows them with prices' : ''}.`
      : 'No provider is configured: LLM tools will fail until an API key is set; local tools still work.',
    '## What to hand down',
    '- Routine, checkable work: summaries, extraction, classification, translation, rewriting, first drafts. Keep judgement calls and final decisions yourself.',
    ...(has('delegate_task') ? ['- delegate_task picks the cheapest adequate model for a task type; set priority (cost, quality, speed) and budget_usd.'] : []),
    ...(has('estimate_cost') ? ['- Price large jobs first with estimate_cost' + (has('compare_models') ? ' or compare_models.' : '.')] : []),
    ...(exposed.includes('text') ? ['- Local text tools (clean_text, text_stats, regex_extract, diff_text, query_json, convert_format) cost nothing: use them instead of a model for mechanical work.'] : []),
    '## Models and budgets',
    '- Prefer small, cheap models for routine work; escalate to a stronger model only when the answer fails a check.',
    '- Every answer reports cost_usd from the provider-reported usage; get_usage_report' + (has('get_usage_report') ? '' : ' (usage group)') + ' sums spend.',
    '## Long work',
    `- Every LLM call is a durable job. A call still running after ${deps.config.jobs.waitSeconds} s answers with job_id; fetch the result with get_job_result (it waits) or get_job_status. Pass background: true to get job_id at once.`,
    '- A job survives a gateway restart; cancel_job stops one you no longer need.',
    '## Caching',
    deps.cache
      ? '- Identical requests are answered from the cache at no cost (cached: true). Pass cache: false when you need a fresh sample; keep temperature and prompts stable to benefit.'
      : '- The response cache is off on this gateway: every call is paid.',
    '## Tools',
    `Exposed groups: ${exposed.map((group) => `${group} (${GROUP_SUMMARIES[group]})`).join('; ')}.`,
    ...(hidden.length > 0 ? [`Hidden by TOOL_PROFILE (ask the operator to add them): ${hidden.join(', ')}.`] : []),
    'get_tool_info describes any tool; get_tool_recommendations suggests tools for a task.',
  ];
  return { instructions: lines.join('\n'), exposed_groups: exposed, hidden_groups: hidden, configured_providers: providers };
}

export function registerGetLlmInstructionsTool(server: McpServer, deps: McpDeps, catalogue: ToolCatalogue): void {
  server.registerTool(
    'get_llm_instructions',
    {
      title: 'Delegation guide',
      description: 'Guidance on delegating well through this gateway (what to hand down, models, budgets, long jobs, caching), from its live tools and providers.',
      inputSchema: {},
      outputSchema: { instructions: z.string(), exposed_groups: z.array(z.string()), hidden_groups: z.array(z.string()), configured_providers: z.array(z.string()) },
      annotations: META_ANNOTATIONS,
    },
    () => toolResult(buildInstructions(deps, catalogue)),
  );
}
