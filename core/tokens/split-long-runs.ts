// Byte-pair encoding costs time proportional to the square of a pre-token's length, and a run
// without spaces (DNA, 'AAAA…', a rule of dashes, a long whitespace block) is one pre-token. This
// cuts such runs into bounded pieces, so counting any text takes time linear in its length. Text
// without long runs is returned whole, so ordinary text keeps its exact count.

/**
 * Longest same-class run counted whole. Real words, numbers and punctuation never come near it; a
 * run this long costs about as much as 300 ordinary words to encode.
 */
export const MAX_RUN_LENGTH = 128;

// Each alternative matches a maximal run of one character class (letters with their marks,
// whitespace, or symbols): the tokenizer's pre-tokens never cross a class change, so a run's
// length bounds the length of every pre-token inside it. Digits are pre-tokenised three at a time.
const RUNS = /[\p{L}\p{M}]+|\s+|[^\s\p{L}\p{M}\p{N}]+/gu;

export interface SplitText {
  pieces: string[];
  /** true: a long run was cut, so counts of the pieces may differ slightly from the whole's. */
  cut: boolean;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

export function splitLongRuns(text: string, maxRun = MAX_RUN_LENGTH): SplitText {
  const pieces: string[] = [];
  let start = 0;
  RUNS.lastIndex = 0;
  for (let match = RUNS.exec(text); match !== null; match = RUNS.exec(text)) {
    const run = match[0];
    if (run.length <= maxRun) continue;
    const end = match.index + run.length;
    let cut = match.index + maxRun;
    while (cut < end) {
      if (isLowSurrogate(text.charCodeAt(cut))) cut += 1;
      pieces.push(text.slice(start, cut));
      start = cut;
      cut += maxRun;
    }
  }
  if (pieces.length === 0) return { pieces: [text], cut: false };
  if (start < text.length) pieces.push(text.slice(start));
  return { pieces, cut: true };
}
