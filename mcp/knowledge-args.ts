// What the knowledge-base tools share: their parameter and result shapes, finding a knowledge base
// (with an error that lists the known ones), its embedding model's key check, and a search request
// ready for a workflow.
import { z } from 'zod';
import { EMBEDDING_PROVIDER_IDS } from '../core/config.ts';
import { collectionOf, knowledgeBaseNameProblem, type KnowledgeBaseRecord } from '../core/knowledge/catalog.ts';
import { FilterError, toVectorFilter, type FilterInput } from '../core/knowledge/filters.ts';
import type { KnowledgeBaseRef, KnowledgeSearchInput, SearchMode } from '../core/knowledge/job-types.ts';
import type { ModelEntry } from '../core/models/registry.ts';
import { callPolicy } from './call-policy.ts';
import type { McpDeps } from './deps.ts';
import { ToolInputError } from './tool-result.ts';

export const knowledgeBaseNameSchema = z.string().min(1).max(64).describe('Lower-case letters, digits, _ and -');

/** Checked against the knowledge base's field types by toVectorFilter, whose errors name the field and the rule. */
export const filterSchema = z
  .record(z.string(), z.unknown())
  .describe('Metadata conditions, all must hold: {field: value | {in: [values]} | {gte?, lte?, gt?, lt?}}');

export const searchShape = {
  knowledge_base: knowledgeBaseNameSchema,
  query: z.string().min(1, 'query must not be empty').max(100_000).describe('What to look for'),
  top_k: z.number().int().min(1).max(100).optional().describe('Results to return (default 5)'),
  filter: filterSchema.optional(),
  min_score: z.number().min(-1).max(1).optional().describe('Drop results scoring lower'),
};

export const hitSchema = z.object({
  id: z.string().describe('Chunk id: <document id>#<chunk index>'),
  document_id: z.string(),
  chunk_index: z.number().int(),
  text: z.string(),
  score: z.number(),
  semantic_score: z.number().optional().describe('Cosine similarity to the query'),
  keyword_score: z.number().optional().describe('Keyword relevance relative to the best keyword match, 0 to 1'),
  metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});

export const embeddingCostShape = {
  usage: z.object({ input_tokens: z.number().int() }).describe('Tokens embedded'),
  cost_usd: z.number().describe('Embedding cost'),
};

export type SearchArgs = z.infer<z.ZodObject<typeof searchShape>>;

export async function loadKnowledgeBase(deps: Pick<McpDeps, 'knowledgeBases'>, name: string): Promise<KnowledgeBaseRecord> {
  const problem = knowledgeBaseNameProblem(name);
  if (problem) throw new ToolInputError(problem);
  const record = await deps.knowledgeBases.get(name);
  if (record) return record;
  const known = (await deps.knowledgeBases.list()).map((each) => each.name);
  throw new ToolInputError(`knowledge_base "${name}" does not exist; ${known.length > 0 ? `known: ${known.join(', ')}` : 'create one with create_knowledge_base'}`);
}

/** The knowledge base as a workflow sees it; refuses one whose embedding provider has no key. */
export function knowledgeBaseRef(deps: Pick<McpDeps, 'providers'>, record: KnowledgeBaseRecord): KnowledgeBaseRef {
  if (!deps.providers.isConfigured(record.embeddingProvider)) {
    throw new ToolInputError(`knowledge base "${record.name}" embeds with ${record.embeddingProvider}/${record.embeddingModel}: ${deps.providers.notConfiguredMessage(record.embeddingProvider)}`);
  }
  return {
    name: record.name,
    collection: collectionOf(record.name),
    embedding: { provider: record.embeddingProvider, model: record.embeddingModel, policy: callPolicy(deps, record.embeddingProvider) },
    fields: record.fields,
  };
}

/** The named embedding model, or EMBEDDING_MODEL / EMBEDDING_PROVIDER's, or the first configured provider's. */
export function chooseEmbeddingModel(deps: Pick<McpDeps, 'registry' | 'providers' | 'config'>, named: string | undefined): ModelEntry {
  const wanted = named ?? deps.config.cache.embeddingModel;
  if (wanted) {
    const entry = deps.registry.get(wanted);
    if (!entry || entry.kind !== 'embedding') {
      const known = deps.registry.list().filter((each) => each.kind === 'embedding').map((each) => each.id);
      throw new ToolInputError(`embedding_model "${wanted}" is not an embedding model; known: ${known.join(', ')}`);
    }
    return entry;
  }
  const provider = deps.config.cache.embeddingProvider ?? EMBEDDING_PROVIDER_IDS.find((id) => deps.providers.isConfigured(id));
  const entry = provider ? deps.registry.defaultEmbeddingModel(provider) : undefined;
  if (!entry) throw new ToolInputError('no embedding provider has a key: set OPENAI_API_KEY or GEMINI_API_KEY (or OLLAMA_BASE_URL), or name embedding_model');
  return entry;
}

export function searchRequest(deps: Pick<McpDeps, 'providers'>, record: KnowledgeBaseRecord, args: SearchArgs & { semantic_weight?: number | undefined }, mode: SearchMode, tool: string): KnowledgeSearchInput {
  let filter;
  try {
    filter = toVectorFilter(args.filter as FilterInput | undefined, record.fields);
  } catch (error) {
    if (error instanceof FilterError) throw new ToolInputError(error.message);
    throw error;
  }
  return {
    knowledgeBase: knowledgeBaseRef(deps, record),
    query: args.query,
    mode,
    topK: args.top_k ?? 5,
    filter,
    minScore: args.min_score,
    ...(args.semantic_weight !== undefined ? { semanticWeight: args.semantic_weight } : {}),
    tool,
  };
}
