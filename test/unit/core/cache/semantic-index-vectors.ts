// Test vectors for the semantic index: one dimension per item, so each item is its own nearest.
export const DIMENSIONS = 64;

export function oneHot(item: number): number[] {
  return Array.from({ length: DIMENSIONS }, (_unused, dimension) => (dimension === item ? 1 : 0));
}
