// When a LanceDB table gets an ANN index, which one, and how it is kept up to date. Below a row
// threshold an exact scan is both fast and exact, so no index is built; above it the table gets an
// IVF index whose partition count follows the row count, new rows are folded into it by optimize()
// (which also compacts small fragments and updates the full-text index), and the index is trained
// again once the table has doubled since it was built, so partitions keep their size.
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
}

export const DEFAULT_INDEX_POLICY: IndexPolicy = { minRows: 50_000, kind: 'ivf_flat', rowsPerPartition: 1_500 };

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

const INDEX_NAME = 'vector_idx';

export async function vectorIndexOf(table: lancedb.Table): Promise<lancedb.IndexConfig | undefined> {
  return (await table.listIndices()).find((index) => index.columns.includes('vector'));
}

/** Builds, updates or rebuilds the table's vector index as the policy says, then compacts. */
export async function maintainTable(table: lancedb.Table, policy: IndexPolicy): Promise<CollectionMaintenance> {
  const rows = await table.countRows();
  const existing = await vectorIndexOf(table);
  let index: CollectionMaintenance['index'] = 'none';
  let partitions: number | undefined;
  if (rows >= policy.minRows) {
    const stats = existing ? await table.indexStats(existing.name) : undefined;
    const grown = stats !== undefined && rows >= 2 * stats.numIndexedRows;
    if (!existing || grown) {
      partitions = partitionsFor(rows, policy.rowsPerPartition);
      await table.createIndex('vector', { config: indexConfig({ kind: policy.kind, numPartitions: partitions }), replace: true, name: existing?.name ?? INDEX_NAME });
      index = existing ? 'rebuilt' : 'built';
    } else {
      index = 'updated';
    }
  } else if (existing) {
    index = 'updated';
  }
  await table.optimize();
  const current = await vectorIndexOf(table);
  const stats = current ? await table.indexStats(current.name) : undefined;
  return { rows, index, ...(stats ? { index_type: stats.indexType } : {}), ...(partitions ? { partitions } : {}), unindexed_rows: stats ? stats.numUnindexedRows : rows };
}
