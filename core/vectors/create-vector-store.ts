// Opens the vector store the configuration names: LanceDB under DATA_DIR/vectors, or Qdrant.
import path from 'node:path';
import type { GatewayConfig } from '../config.ts';
import { LanceVectorStore } from './lance-store.ts';
import { QdrantVectorStore } from './qdrant-store.ts';
import type { VectorStore } from './types.ts';

export async function createVectorStore(config: Pick<GatewayConfig, 'dataDir' | 'vectors'>): Promise<VectorStore> {
  if (config.vectors.store === 'qdrant') return new QdrantVectorStore({ url: config.vectors.qdrantUrl!, apiKey: config.vectors.qdrantApiKey });
  return LanceVectorStore.open(path.join(config.dataDir, 'vectors'), { cacheBytes: config.vectors.cacheBytes, indexPolicy: { minRows: config.vectors.indexMinRows } });
}
