// The semantic cache's index in the vector store: one collection per scope (tool or task type,
// provider, model, every output-changing parameter), one point per cached answer holding the
// prompt's embedding and the answer's exact-cache key. Each addition is its own upsert, so
// processes sharing the store never drop each other's entries, and there is no cap per scope.
// Expired points are deleted as new ones arrive (at most once per PURGE_INTERVAL_MS per scope), so
// a scope holds no more than its live answers plus what expired since the last purge. Every
// UPKEEP_EVERY additions the collection gets the store's upkeep (compaction, old versions deleted,
// an ANN index once it is large), without which each addition leaves a table version that every
// later search and write pays for; then too a scope holding more points than the cache holds
// answers (CACHE_MAX_SIZE) loses those that expire first, whose answers the cache has let go.
import { pointId } from '../vectors/point-id.ts';
import type { VectorStore } from '../vectors/types.ts';

const EXPIRES_FIELD = 'expires_at';
/** Nearest few live points: enough that an expired or cleared best match does not hide the next. */
const CANDIDATES = 4;
const PURGE_INTERVAL_MS = 10 * 60 * 1000;
const UPKEEP_EVERY = 200;
/** Old table versions kept by a scope's upkeep: a lookup reads one version for far less. */
const VERSION_RETENTION_MS = 5 * 60 * 1000;

export class VectorSemanticIndex {
  private readonly ready = new Map<string, Promise<void>>();
  private readonly purgedAt = new Map<string, number>();
  /** A collection's dimension never changes, so a lookup need not ask the store for it. */
  private readonly dimensions = new Map<string, number>();
  private readonly addedSinceUpkeep = new Map<string, number>();
  private readonly upkeepRunning = new Set<string>();

  constructor(
    private readonly vectors: VectorStore,
    private readonly options: { maxPoints?: number; onUpkeepError?: (error: unknown) => void } = {},
  ) {}

  private async dimensionOf(collection: string): Promise<number | undefined> {
    const known = this.dimensions.get(collection);
    if (known !== undefined) return known;
    const described = await this.vectors.describeCollection(collection);
    if (described) this.dimensions.set(collection, described.dimension);
    return described?.dimension;
  }

  private collectionOf(scope: string): string {
    return `cache-${scope.slice(0, 64)}`;
  }

  /** The most similar live answer key at or above `threshold`. */
  async nearest(scope: string, vector: number[], threshold: number, now = Date.now()): Promise<{ answerKey: string; similarity: number } | undefined> {
    const collection = this.collectionOf(scope);
    if ((await this.dimensionOf(collection)) !== vector.length) return undefined;
    const found = await this.vectors.search(collection, vector, { topK: CANDIDATES, filter: [{ field: EXPIRES_FIELD, type: 'number', match: { range: { gt: now } } }] }).catch((error: unknown) => {
      this.dimensions.delete(collection);
      throw error;
    });
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
    this.keepUp(collection);
  }

  /** Starts the collection's upkeep in the background once enough has been added since the last. */
  private keepUp(collection: string): void {
    const added = (this.addedSinceUpkeep.get(collection) ?? 0) + 1;
    this.addedSinceUpkeep.set(collection, added);
    if (added < UPKEEP_EVERY || this.upkeepRunning.has(collection)) return;
    this.addedSinceUpkeep.set(collection, 0);
    this.upkeepRunning.add(collection);
    this.trim(collection)
      .then(() => this.vectors.maintainCollection?.(collection, { oldVersionRetentionMs: VERSION_RETENTION_MS }))
      .catch((error: unknown) => this.options.onUpkeepError?.(error))
      .finally(() => this.upkeepRunning.delete(collection));
  }

  /** Keeps at most maxPoints points in the collection, dropping those that expire first. */
  private async trim(collection: string): Promise<void> {
    const { maxPoints } = this.options;
    if (maxPoints === undefined) return;
    const count = await this.vectors.count(collection);
    if (count <= maxPoints) return;
    // Points may go (a purge, another process) between the count and the scroll: work from what
    // the scroll found, and never delete without a finite bound.
    const expiries = (await this.vectors.scroll(collection, { limit: count }))
      .map((point) => Number(point.metadata[EXPIRES_FIELD]))
      .filter(Number.isFinite)
      .sort((left, right) => left - right);
    const excess = expiries.length - maxPoints;
    const cutoff = expiries[excess - 1];
    if (excess <= 0 || cutoff === undefined || !Number.isFinite(cutoff)) return;
    await this.vectors.deleteWhere(collection, [{ field: EXPIRES_FIELD, type: 'number', match: { range: { lte: cutoff } } }]);
  }

  /** Deletes the scope's expired points, unless that was done within the last PURGE_INTERVAL_MS. */
  async purgeExpired(collection: string, now: number, force = false): Promise<void> {
    if (!force && now - (this.purgedAt.get(collection) ?? 0) < PURGE_INTERVAL_MS) return;
    this.purgedAt.set(collection, now);
    await this.vectors.deleteWhere(collection, [{ field: EXPIRES_FIELD, type: 'number', match: { range: { lte: now } } }]);
  }
}
