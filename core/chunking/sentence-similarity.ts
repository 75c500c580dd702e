// The sentences an embedding-aware semantic chunking compares: paragraphs split at sentence ends,
// each piece keeping its trailing whitespace, so they tile the document. Neighbouring sentences'
// cosine similarity becomes the strength of the cut between them: the largest drops win.
import { paragraphStarts, sentenceStarts } from './segments.ts';
import { cosineSimilarity } from '../vectors/cosine-similarity.ts';

export { cosineSimilarity };

/** Offsets where each sentence starts, ascending, the first 0; the text's length closes the last. */
export function semanticSentenceStarts(text: string): number[] {
  if (text.length === 0) return [];
  const starts: number[] = [];
  let from = 0;
  for (const at of [...paragraphStarts(text, 0, text.length), text.length]) {
    starts.push(from, ...sentenceStarts(text, from, at));
    from = at;
  }
  return starts;
}


/**
 * Similarity of each sentence to the next (one fewer than the sentences). A blank sentence (only
 * whitespace, never embedded) counts as similar to its neighbours: no reason to cut there.
 */
export function neighbourSimilarities(vectors: readonly (readonly number[] | undefined)[]): number[] {
  const similarities: number[] = [];
  for (let index = 0; index + 1 < vectors.length; index += 1) {
    const left = vectors[index];
    const right = vectors[index + 1];
    similarities.push(left && right ? Math.round(cosineSimilarity(left, right) * 1e6) / 1e6 : 1);
  }
  return similarities;
}
