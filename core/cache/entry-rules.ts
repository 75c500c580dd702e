// Expiry and clear-filter rules shared by every store, so memory, disk and Redis agree on what a
// live entry is and which entries a filtered clear removes.
import type { CacheClearFilter, CacheEntry } from './types.ts';

export function isExpired(entry: Pick<CacheEntry, 'expiresAt'>, now: number): boolean {
  return entry.expiresAt <= now;
}

export function matchesClearFilter(
  entry: Pick<CacheEntry, 'meta' | 'createdAt'>,
  filter: CacheClearFilter | undefined,
  now: number,
): boolean {
  if (!filter) return true;
  if (filter.kind !== undefined && entry.meta.kind !== filter.kind) return false;
  if (filter.provider !== undefined && entry.meta.provider !== filter.provider) return false;
  if (filter.olderThanMs !== undefined && entry.createdAt > now - filter.olderThanMs) return false;
  return true;
}
