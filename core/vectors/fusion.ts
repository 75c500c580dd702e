// How hybrid search fuses meaning and keywords, the same on every store:
//   semantic_score = cosine similarity of point and query (negative clipped to 0)
//   keyword_score  = k / k_max, k the store's keyword relevance (BM25 in LanceDB, IDF-weighted
//                    term matches in Qdrant) and k_max the best k among the keyword candidates:
//                    1 for the best keyword match, 0 without a match
//   score          = w · semantic_score + (1 − w) · keyword_score
// Candidates are the top of each list (CANDIDATES_PER_TOPK × top_k, at least MIN_CANDIDATES), so
// w = 1 orders exactly as semantic search and w = 0 exactly as keyword search. A candidate found
// only by keywords gets its real cosine similarity in LanceDB and 0 in Qdrant (whose server-side
// formula sees only prefetch scores).

export const MIN_CANDIDATES = 40;
export const CANDIDATES_PER_TOPK = 4;

export function candidateCount(topK: number): number {
  return Math.max(MIN_CANDIDATES, topK * CANDIDATES_PER_TOPK);
}

export function normaliseKeywordScore(raw: number, best: number): number {
  return raw > 0 && best > 0 ? raw / best : 0;
}

export function normaliseSemanticScore(similarity: number): number {
  return Math.max(0, similarity);
}

export function fuse(semanticScore: number, keywordScore: number, semanticWeight: number): number {
  return semanticWeight * semanticScore + (1 - semanticWeight) * keywordScore;
}

/** Words for keyword matching: lower-cased runs of letters and digits, so "E-4021" gives "e" and "4021". */
export function keywordTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** FNV-1a, 32 bits: a stable sparse-vector index per word. */
function wordIndex(word: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < word.length; index += 1) {
    value ^= word.charCodeAt(index);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value;
}

const BM25_K1 = 1.2;

/**
 * A sparse vector of a text's words with BM25's saturating term frequency; the store multiplies
 * each by the word's inverse document frequency (Qdrant's `idf` modifier), giving BM25 without
 * length normalisation. Queries weigh each distinct word 1.
 */
export function sparseVector(text: string, options: { query: boolean }): { indices: number[]; values: number[] } {
  const counts = new Map<number, number>();
  for (const word of keywordTokens(text)) {
    const index = wordIndex(word);
    counts.set(index, (counts.get(index) ?? 0) + 1);
  }
  const indices = [...counts.keys()];
  const values = indices.map((index) => {
    const frequency = counts.get(index)!;
    return options.query ? 1 : (frequency * (BM25_K1 + 1)) / (frequency + BM25_K1);
  });
  return { indices, values };
}
