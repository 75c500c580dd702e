// Packs cut candidates ("units", each starting at an offset with the strength of the cut before it)
// into chunks of at most `chunkSize` tokens. A chunk ends at the strongest cut in its second half (or
// at a heading past its first quarter), so headings and paragraphs win over sentences, and sentences
// over words; the next chunk starts up to
// `chunkOverlap` tokens earlier. Token counts come from one pass over the document and every chunk is
// then counted exactly, so no chunk is ever over the limit by the named tokenizer.

export const CUT_STRENGTH = { heading: 0, block: 1, line: 2, sentence: 3, word: 4, token: 5 } as const;

export interface Units {
  /** Where each unit starts, ascending; the first is 0, and the text's length closes the last. */
  starts: ArrayLike<number>;
  /** Cut strength before each unit: lower is a better place to end a chunk (fractions rank within a level). */
  strengths: ArrayLike<number>;
  /** Tokens before each unit's start, plus the document's total as a last entry. */
  tokensBefore: ArrayLike<number>;
}

export interface PackedChunk {
  start: number;
  end: number;
  tokens: number;
}

export interface PackOptions {
  chunkSize: number;
  chunkOverlap: number;
  countTokens: (text: string) => number;
}

/** Largest index in [low, high] whose value is ≤ limit (values ascending); low - 1 when none. */
function lastAtMost(values: ArrayLike<number>, low: number, high: number, limit: number): number {
  let answer = low - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! <= limit) {
      answer = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return answer;
}

/** Smallest index in [low, high] whose value is ≥ limit (values ascending); high + 1 when none. */
function firstAtLeast(values: ArrayLike<number>, low: number, high: number, limit: number): number {
  let answer = high + 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! >= limit) {
      answer = middle;
      high = middle - 1;
    } else low = middle + 1;
  }
  return answer;
}

export function packChunks(text: string, units: Units, options: PackOptions): PackedChunk[] {
  const { starts, strengths, tokensBefore } = units;
  const { chunkSize, chunkOverlap, countTokens } = options;
  const count = starts.length;
  const offsetOf = (index: number): number => (index >= count ? text.length : starts[index]!);
  const chunks: PackedChunk[] = [];
  let first = 0;
  let previousEnd = 0;
  while (first < count) {
    let base = tokensBefore[first]!;
    let fits = lastAtMost(tokensBefore, first + 1, count, base + chunkSize);
    if (fits <= previousEnd && first < previousEnd) {
      // The overlap leaves no room to go further: start where the last chunk ended instead.
      first = previousEnd;
      base = tokensBefore[first]!;
      fits = lastAtMost(tokensBefore, first + 1, count, base + chunkSize);
    }
    fits = Math.max(first + 1, fits);
    let end = fits;
    if (fits < count) {
      const halfway = firstAtLeast(tokensBefore, first + 1, fits, base + chunkSize / 2);
      const lowest = Math.max(previousEnd + 1, firstAtLeast(tokensBefore, first + 1, fits, base + chunkSize / 4));
      for (let candidate = fits; candidate >= lowest; candidate -= 1) {
        const strength = strengths[candidate]!;
        if (strength < strengths[end]! && (candidate >= halfway || strength === CUT_STRENGTH.heading)) end = candidate;
      }
    }
    let tokens = countTokens(text.slice(offsetOf(first), offsetOf(end)));
    while (tokens > chunkSize && end > Math.max(first + 1, previousEnd + 1)) {
      end -= 1;
      tokens = countTokens(text.slice(offsetOf(first), offsetOf(end)));
    }
    if (tokens > chunkSize) throw new Error(`a piece at offset ${offsetOf(first)} has ${tokens} tokens, more than chunk_size ${chunkSize}`);
    chunks.push({ start: offsetOf(first), end: offsetOf(end), tokens });
    if (end >= count) break;
    previousEnd = end;
    const overlapFrom = chunkOverlap === 0 ? end : firstAtLeast(tokensBefore, first + 1, end, tokensBefore[end]! - chunkOverlap);
    first = Math.max(first + 1, overlapFrom);
  }
  return chunks;
}
