// Vector queries against a LanceDB table: the search parameters the store uses, and one call that
// answers several query vectors at once (the batcher's unit of work).
import { availableParallelism } from 'node:os';
import type * as lancedb from '@lancedb/lancedb';

type Row = Record<string, unknown>;

export interface LanceSearchTuning {
  /** IVF partitions probed per query (after an ANN index is built). */
  nprobes?: number;
  /** Candidates re-ranked with full vectors, as a multiple of the limit. */
  refineFactor?: number;
  /** HNSW search breadth (IVF-HNSW indexes). */
  ef?: number;
  /** Most query vectors sent in one LanceDB call. */
  maxBatch?: number;
  /** LanceDB calls under way at once for searches of the same shape. */
  maxInFlight?: number;
}

/**
 * Chosen from `npm run bench -- vectors` (see bench/vectors.ts) for the index lance-index.ts builds.
 * A search is CPU-bound in LanceDB's own threads: more calls at once than cores only contend, while
 * the batches they carry grow instead.
 */
export const DEFAULT_SEARCH_TUNING: LanceSearchTuning = { nprobes: 6, maxBatch: 16, maxInFlight: Math.max(2, availableParallelism()) };

/** What searches batched together share. */
export interface SearchPlan {
  name: string;
  limit: number;
  where: string | undefined;
  columns: string[];
}

export function tunedQuery(query: lancedb.VectorQuery, plan: Omit<SearchPlan, 'name'>, tuning: LanceSearchTuning): lancedb.VectorQuery {
  let tuned = query.distanceType('cosine').select([...plan.columns, '_distance']).limit(plan.limit);
  if (tuning.nprobes) tuned = tuned.nprobes(tuning.nprobes);
  if (tuning.refineFactor) tuned = tuned.refineFactor(tuning.refineFactor);
  if (tuning.ef) tuned = tuned.ef(tuning.ef);
  return plan.where ? tuned.where(plan.where) : tuned;
}

/** One LanceDB call for several query vectors; rows come back tagged with their query_index. */
export async function nearestForMany(table: lancedb.Table, plan: SearchPlan, vectors: number[][], tuning: LanceSearchTuning): Promise<Row[][]> {
  let query = table.vectorSearch(vectors[0]!);
  for (const vector of vectors.slice(1)) query = query.addQueryVector(vector);
  const rows = (await tunedQuery(query, plan, tuning).toArray()) as Row[];
  const perQuery: Row[][] = vectors.map(() => []);
  for (const row of rows) perQuery[vectors.length === 1 ? 0 : Number(row.query_index)]!.push(row);
  for (const found of perQuery) found.sort((left, right) => Number(left._distance) - Number(right._distance));
  return perQuery;
}
