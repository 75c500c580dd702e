// extract_entities and generate_qa_pairs: the same call on every chunk in parallel, then a merge.
// Entities are merged across chunks by type and normalised name (mentions added up); question-answer
// pairs are spread over the chunks and de-duplicated by question.
import { workflowInfo } from '@temporalio/workflow';
import { countWaiters } from './job-waiters.ts';
import type { ChunkSpan, DocumentTask, EntitiesJobResult, ExtractionJobInput, QaJobResult } from '../core/jobs/document-types.ts';
import type { ExtractedEntity, QaPair } from '../core/documents/parse-document-answers.ts';
import { DocumentLanes } from './document-lanes.ts';
import { JobTotals, planChunks } from './document-steps.ts';
import { enterPhase, trackProgress } from './progress.ts';

const normalise = (text: string): string => text.normalize('NFKC').toLowerCase().replace(/[\s.,;:!?"'’()]+/g, ' ').trim();

/** One entry per (type, name) ignoring case, spacing and punctuation; the most frequent spelling wins. */
export function mergeEntities(lists: ReadonlyArray<readonly ExtractedEntity[]>): ExtractedEntity[] {
  const merged = new Map<string, { entity: ExtractedEntity; spellings: Map<string, number> }>();
  for (const entity of lists.flat()) {
    const key = `${normalise(entity.type)}\u0000${normalise(entity.name)}`;
    const existing = merged.get(key);
    const mentions = Math.max(1, entity.mentions);
    if (existing) {
      existing.entity.mentions += mentions;
      existing.spellings.set(entity.name, (existing.spellings.get(entity.name) ?? 0) + mentions);
    } else {
      merged.set(key, { entity: { name: entity.name, type: normalise(entity.type), mentions }, spellings: new Map([[entity.name, mentions]]) });
    }
  }
  return [...merged.values()]
    .map(({ entity, spellings }) => ({ ...entity, name: [...spellings].sort((a, b) => b[1] - a[1])[0]![0] }))
    .sort((a, b) => b.mentions - a.mentions || a.name.localeCompare(b.name));
}

/** How many pairs to ask of each chunk: spread evenly, and over evenly spaced chunks when there are fewer pairs than chunks. */
export function pairsPerChunk(chunks: number, pairs: number): number[] {
  if (pairs >= chunks) return Array.from({ length: chunks }, (_, index) => Math.floor(pairs / chunks) + (index < pairs % chunks ? 1 : 0));
  const counts = new Array<number>(chunks).fill(0);
  for (let pair = 0; pair < pairs; pair += 1) counts[Math.floor(((pair + 0.5) * chunks) / pairs)]! += 1;
  return counts;
}

function uniquePairs(lists: ReadonlyArray<readonly QaPair[]>, limit: number): QaPair[] {
  const seen = new Set<string>();
  const pairs: QaPair[] = [];
  for (const pair of lists.flat()) {
    const key = normalise(pair.question);
    if (seen.has(key)) continue;
    seen.add(key);
    pairs.push(pair);
  }
  return pairs.slice(0, limit);
}

const spanOf = (chunk: ChunkSpan) => ({ start: chunk.start, end: chunk.end, tokens: chunk.tokens });

/** One call per chunk that `task` gives a task to (in lanes); chunks without one count as done at once. */
async function mapChunks(input: ExtractionJobInput, totals: JobTotals, task: (chunk: ChunkSpan, count: number) => DocumentTask | undefined) {
  const progress = trackProgress('chunking');
  const plan = await planChunks(input);
  enterPhase(progress, 'chunk', plan.chunks.length);
  const calls = plan.chunks.flatMap((chunk) => {
    const asked = task(chunk, plan.chunks.length);
    return asked ? [{ span: spanOf(chunk), task: asked }] : [];
  });
  progress.done = plan.chunks.length - calls.length;
  const results = await new DocumentLanes(input, totals).map(calls, () => (progress.done += 1));
  return { results, chunks: plan.chunks.length };
}

export async function documentExtractionWorkflow(input: ExtractionJobInput): Promise<EntitiesJobResult | QaJobResult> {
  countWaiters(input.waiter);
  const startedAt = Date.now();
  const jobId = workflowInfo().workflowId;
  const totals = new JobTotals();
  if (input.kind === 'entities') {
    const { results, chunks } = await mapChunks(input, totals, () => ({ kind: 'entities', ...(input.entityTypes ? { entityTypes: input.entityTypes } : {}) }));
    return {
      entities: mergeEntities(results.map((result) => result.entities ?? [])),
      unreadable_chunks: results.filter((result) => result.unreadable !== undefined).length,
      ...totals.report(input.documentId, jobId, chunks, startedAt),
    };
  }
  const wanted = input.numPairs ?? 5;
  let counts: number[] = [];
  const { results: answered, chunks } = await mapChunks(input, totals, (chunk, count) => {
    if (counts.length === 0) counts = pairsPerChunk(count, wanted);
    const asked = counts[chunk.index] ?? 0;
    return asked === 0 ? undefined : { kind: 'qa_pairs', count: asked };
  });
  return {
    qa_pairs: uniquePairs(answered.map((result) => result.qa_pairs ?? []), wanted),
    unreadable_chunks: answered.filter((result) => result.unreadable !== undefined).length,
    ...totals.report(input.documentId, jobId, chunks, startedAt),
  };
}
