// Deterministic point ids: the same document chunk always lands on the same point, so a retried or
// repeated ingestion overwrites instead of duplicating. UUID-shaped because Qdrant accepts only
// UUIDs or unsigned integers.
import { createHash } from 'node:crypto';

export function pointId(...parts: Array<string | number>): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  // Version 5 and the RFC 4122 variant bits, as name-based UUIDs carry.
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
