// When a LanceDB table gets an ANN index, which one, and how it is kept up to date. Below a row
// threshold an exact scan is both fast and exact, so no index is built; above it the table gets an
// IVF index whose partition count follows the row count, new rows are folded into it by optimize()
// (which also compacts small fragments, updates the full-text index and deletes old versions), and
// the index is trained again once the table has doubled since it was trained, so partitions keep
// their size.
import * as lancedb from '@lancedb/lancedb';
import type { CollectionMaintenance } from './types.ts';

export type VectorIndexKind = 'ivf_flat' | 'ivf_hnsw_sq' | 'ivf_pq';

export interface VectorIndexSpec {
  kind: VectorIndexKind;
  numPartitions: number;
}

export interface IndexPolicy {
  /** Rows a table needs before it gets an ANN index. */
  minRows: number;
  kind: VectorIndexKind;
  /** Rows per IVF partition aimed at when choosing the partition count. */
  rowsPerPartition: number;
  /**
   * Table versions older than this are deleted by upkeep (LanceDB keeps a week by default): a table
   * written many times a second would otherwise keep every version's files. Long enough for an
   * index build in another process that still reads an older version; the semantic cache, whose
   * tables are small and written far more often, asks for less.
   */
  oldVersionRetentionMs: number;
}

export const DEFAULT_INDEX_POLICY: IndexPolicy = { minRows: 10_000, kind: 'ivf_flat', rowsPerPartition: 400, oldVersionRetentionMs: 60 * 60 * 1000 };

export function partitionsFor(rows: number, rowsPerPartition: number): number {
  return Math.max(2, Math.min(4_096, Math.round(rows / rowsPerPartition)));
}

export function indexConfig(spec: VectorIndexSpec): lancedb.Index {
  const common = { distanceType: 'cosine' as const, numPartitions: spec.numPartitions };
  switch (spec.kind) {
    case 'ivf_flat':
      return lancedb.Index.ivfFlat(common);
    case 'ivf_hnsw_sq':
      return lancedb.Index.hnswSq({ ...common, m: 20, efConstruction: 150 });
    case 'ivf_pq':
      return lancedb.Index.ivfPq(common);
  }
}

/** The index name records how many rows it was trained on, so upkeep knows when the table has doubled. */
const TRAINED_NAME = /^vector_trained_on_(\d+)_rows$/;

export async function vectorIndexesOf(table: lancedb.Table): Promise<lancedb.IndexConfig[]> {
  return (await table.listIndices()).filter((index) => index.columns.includes('vector'));
}

/** Trains the new index before dropping the old one, so searches never lose their index meanwhile. */
export async function replaceVectorIndex(table: lancedb.Table, spec: VectorIndexSpec, trainedRows: number): Promise<void> {
  const name = `vector_trained_on_${trainedRows}_rows`;
  const previous = await vectorIndexesOf(table);
  await table.createIndex('vector', { config: indexConfig(spec), replace: true, name });
  for (const index of previous) if (index.name !== name) await table.dropIndex(index.name);
}

/** Builds, updates or rebuilds the table's vector index as the policy says, then compacts. */
export async function maintainTable(table: lancedb.Table, policy: IndexPolicy): Promise<CollectionMaintenance> {
  const rows = await table.countRows();
  const existing = (await vectorIndexesOf(table))[0];
  const trainedOn = Number(TRAINED_NAME.exec(existing?.name ?? '')?.[1] ?? Number.POSITIVE_INFINITY);
  let index: CollectionMaintenance['index'] = existing ? 'updated' : 'none';
  let partitions: number | undefined;
  if (rows >= policy.minRows && (!existing || rows >= 2 * trainedOn)) {
    partitions = partitionsFor(rows, policy.rowsPerPartition);
    await replaceVectorIndex(table, { kind: policy.kind, numPartitions: partitions }, rows);
    index = existing ? 'rebuilt' : 'built';
  }
  await table.optimize({ cleanupOlderThan: new Date(Date.now() - policy.oldVersionRetentionMs) });
  const current = (await vectorIndexesOf(table))[0];
  const stats = current ? await table.indexStats(current.name) : undefined;
  return { rows, index, ...(stats ? { index_type: stats.indexType } : {}), ...(partitions ? { partitions } : {}), unindexed_rows: stats ? stats.numUnindexedRows : rows };
}
