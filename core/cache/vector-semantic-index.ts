// The semantic cache's index in the vector store: one collection per scope (tool or task type,
// provider, model, every output-changing parameter), one point per cached answer holding the
// prompt's embedding and the answer's exact-cache key. Each addition is its own upsert, so
// processes sharing the store never drop each other's entries, and there is no cap per scope.
// Expired points are deleted as new ones arrive (at most once per PURGE_INTERVAL_MS per scope), so
// a scope holds no more than its live answers plus what expired since the last purge.
import { pointId } from '../vectors/point-id.ts';
import type { VectorStore } from '../vectors/types.ts';

const EXPIRES_FIELD = 'expires_at';
/** Nearest few live points: enough that an expired or cleared best match does not hide the next. */
const CANDIDATES = 4;
const PURGE_INTERVAL_MS = 10 * 60 * 1000;

export class VectorSemanticIndex {
  private readonly ready = new Map<string, Promise<void>>();
  private readonly purgedAt = new Map<string, number>();

  constructor(private readonly vectors: VectorStore) {}

  private collectionOf(scope: string): string {
    return `cache-${scope.slice(0, 64)}`;
  }

  /** The most similar live answer key at or above `threshold`. */
  async nearest(scope: string, vector: number[], threshold: number, now = Date.now()): Promise<{ answerKey: string; similarity: number } | undefined> {
    const collection = this.collectionOf(scope);
    const described = await this.vectors.describeCollection(collection);
    if (!described || described.dimension !== vector.length) return undefined;
    const found = await this.vectors.search(collection, vector, { topK: CANDIDATES, filter: [{ field: EXPIRES_FIELD, type: 'number', match: { range: { gt: now } } }] });
    const best = found[0];
    return best && best.score >= threshold ? { answerKey: best.documentId, similarity: Math.min(1, best.score) } : undefined;
  }

  async add(scope: string, vector: number[], answerKey: string, expiresAt: number, _meta: { provider: string; model: string }, now = Date.now()): Promise<void> {
    const collection = this.collectionOf(scope);
    let ready = this.ready.get(collection);
    if (!ready) {
      ready = (async () => {
        await this.vectors.createCollection(collection, vector.length);
        await this.vectors.ensureFields(collection, { [EXPIRES_FIELD]: 'number' });
      })();
      this.ready.set(collection, ready);
      ready.catch(() => this.ready.delete(collection));
    }
    await ready;
    await this.vectors.upsert(collection, [{ id: pointId(collection, answerKey), vector, text: '', documentId: answerKey, chunkIndex: 0, metadata: { [EXPIRES_FIELD]: expiresAt } }]);
    await this.purgeExpired(collection, now);
  }

  /** Deletes the scope's expired points, unless that was done within the last PURGE_INTERVAL_MS. */
  async purgeExpired(collection: string, now: number, force = false): Promise<void> {
    if (!force && now - (this.purgedAt.get(collection) ?? 0) < PURGE_INTERVAL_MS) return;
    this.purgedAt.set(collection, now);
    await this.vectors.deleteWhere(collection, [{ field: EXPIRES_FIELD, type: 'number', match: { range: { lte: now } } }]);
  }
}
