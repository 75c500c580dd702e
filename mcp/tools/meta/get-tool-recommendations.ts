// get_tool_recommendations: the catalogue's tools ranked for a described task by the words they share
// with its name, description and group, with a suggested order of use.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CatalogueEntry, ToolCatalogue } from '../../tool-catalogue.ts';
import { GROUP_SUMMARIES } from '../../tool-groups.ts';
import { toolResult } from '../../tool-result.ts';
import { summaryOf } from './describe-tool.ts';
import { META_ANNOTATIONS } from './get-tool-info.ts';

const STOP_WORDS = new Set(['a', 'an', 'the', 'of', 'to', 'and', 'or', 'in', 'on', 'for', 'with', 'from', 'by', 'as', 'at', 'is', 'are', 'be', 'it', 'this', 'that', 'i', 'me', 'my', 'we', 'want', 'need', 'some', 'into', 'out', 'all', 'each', 'every', 'its']);
/** Order in which groups' tools usually run in a pipeline: prepare, process, follow up. */
const PIPELINE_ORDER = ['text', 'documents', 'knowledge', 'extraction', 'delegation', 'completion', 'tournaments', 'workflow', 'jobs', 'usage', 'cache', 'providers', 'meta'];

function stem(word: string): string {
  return word.replace(/(ing|ed|s)$/, '').slice(0, 6);
}

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().split(/[^a-z0-9]+/).filter((word) => word.length > 1 && !STOP_WORDS.has(word)).map(stem));
}

function wordsOf(entry: CatalogueEntry): { name: Set<string>; text: Set<string> } {
  return { name: words(entry.name.replace(/_/g, ' ')), text: words(`${entry.description} ${entry.group ? GROUP_SUMMARIES[entry.group] : ''}`) };
}

/** Shared words, a name counting thrice; words common to many tools (rare ones say more) weigh less. */
function rank(entries: CatalogueEntry[], taskWords: Set<string>): { entry: CatalogueEntry; score: number }[] {
  const indexed = entries.map((entry) => ({ entry, ...wordsOf(entry) }));
  const weight = (word: string) => Math.log((indexed.length + 1) / (1 + indexed.filter((each) => each.name.has(word) || each.text.has(word)).length));
  return indexed.map(({ entry, name, text }) => {
    let total = 0;
    for (const word of taskWords) total += ((name.has(word) ? 3 : 0) + (text.has(word) ? 1 : 0)) * weight(word);
    return { entry, score: total };
  });
}

export function registerGetToolRecommendationsTool(server: McpServer, catalogue: ToolCatalogue): void {
  server.registerTool(
    'get_tool_recommendations',
    {
      title: 'Recommend tools',
      description: 'Tools of this gateway suited to a described task, best first, with a suggested order of use.',
      inputSchema: { task: z.string().min(1).max(5_000).describe('The task, in plain words') },
      outputSchema: {
        tools: z.array(z.object({ name: z.string(), group: z.string(), exposed: z.boolean(), summary: z.string() })),
        workflow: z.array(z.string()),
      },
      annotations: META_ANNOTATIONS,
    },
    ({ task }) => {
      const taskWords = words(task);
      const ranked = rank(
        catalogue.entries().filter((entry) => entry.group !== 'meta'),
        taskWords,
      )
        .filter(({ score: value }) => value > 0)
        .sort((left, right) => right.score - left.score || Number(right.entry.exposed) - Number(left.entry.exposed))
        .slice(0, 6)
        .map(({ entry }) => entry);
      const fallback = ['delegate_task', 'generate_completion'].map((name) => catalogue.get(name)).filter((entry): entry is CatalogueEntry => entry !== undefined);
      const chosen = ranked.length > 0 ? ranked : fallback;
      const order = (entry: CatalogueEntry) => PIPELINE_ORDER.indexOf(entry.group ?? 'meta') * 100 + chosen.indexOf(entry);
      const steps = [...chosen].sort((left, right) => order(left) - order(right)).slice(0, 4);
      const workflow = steps.map((entry, index) => `${index + 1}. ${entry.name}: ${summaryOf(entry.description)}${entry.exposed ? '' : ' (hidden by TOOL_PROFILE)'}`);
      if (steps.some((entry) => entry.group && !['text', 'meta', 'providers', 'usage', 'cache', 'jobs'].includes(entry.group))) {
        workflow.push(`${steps.length + 1}. get_job_result: if a call answers with job_id instead of a result, fetch it here.`);
      }
      return toolResult({
        tools: chosen.map((entry) => ({ name: entry.name, group: entry.group ?? 'other', exposed: entry.exposed, summary: summaryOf(entry.description) })),
        workflow,
      });
    },
  );
}
