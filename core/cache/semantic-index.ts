// The semantic cache's index: per scope (tool or task type, provider, model, every output-changing
// parameter), the embeddings of recent single-turn prompts and the exact-cache key of each answer.
// One store entry per scope keeps it working the same on memory, disk and Redis; a lookup is one
// read plus a cosine scan of at most MAX_ITEMS vectors. Additions are atomic read-modify-writes of
// that entry (CacheStore.update), so concurrent additions from any number of processes all land.
import type { CacheStore } from './types.ts';
import { cosineSimilarity } from '../vectors/cosine-similarity.ts';

export { cosineSimilarity };

const MAX_ITEMS = 128;

interface IndexItem {
  /** Float32 vector, base64. */
  vector: string;
  answerKey: string;
  expiresAt: number;
}

interface IndexValue {
  items: IndexItem[];
}

export function encodeVector(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

export function decodeVector(encoded: string): Float32Array {
  const bytes = Buffer.from(encoded, 'base64');
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}


export class SemanticIndex {
  constructor(private readonly store: CacheStore) {}

  private indexKey(scope: string): string {
    return `semantic-index:${scope}`;
  }

  /** The most similar live answer key at or above `threshold`. */
  async nearest(scope: string, vector: number[], threshold: number, now = Date.now()): Promise<{ answerKey: string; similarity: number } | undefined> {
    const entry = await this.store.get<IndexValue>(this.indexKey(scope));
    if (!entry) return undefined;
    let best: { answerKey: string; similarity: number } | undefined;
    for (const item of entry.value.items) {
      if (item.expiresAt <= now) continue;
      const similarity = cosineSimilarity(vector, decodeVector(item.vector));
      if (similarity >= threshold && (!best || similarity > best.similarity)) best = { answerKey: item.answerKey, similarity };
    }
    return best;
  }

  async add(scope: string, vector: number[], answerKey: string, expiresAt: number, meta: { provider: string; model: string }, now = Date.now()): Promise<void> {
    const added: IndexItem = { vector: encodeVector(vector), answerKey, expiresAt };
    await this.store.update<IndexValue>(this.indexKey(scope), (existing) => {
      const items = (existing?.value.items ?? []).filter((item) => item.expiresAt > now && item.answerKey !== answerKey);
      items.push(added);
      const kept = items.slice(-MAX_ITEMS);
      const indexExpiresAt = Math.max(...kept.map((item) => item.expiresAt));
      return { value: { items: kept }, meta: { kind: 'semantic', provider: meta.provider, model: meta.model }, createdAt: now, expiresAt: indexExpiresAt };
    });
  }
}
