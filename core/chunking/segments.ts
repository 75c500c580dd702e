// Finer places to cut, for a span too long to keep whole: paragraphs, lines, sentences (Latin and CJK
// punctuation), words, and finally single tokens. Each finder returns the offsets inside the span
// where a new piece starts; whitespace stays with the piece before it.

export type SegmentFinder = (text: string, start: number, end: number) => number[];

function startsAfter(pattern: RegExp): SegmentFinder {
  return (text, start, end) => {
    const span = text.slice(start, end);
    const found: number[] = [];
    for (const match of span.matchAll(pattern)) {
      const at = start + match.index + match[0].length;
      if (at > start && at < end) found.push(at);
    }
    return found;
  };
}

export const paragraphStarts = startsAfter(/\n[ \t]*\n\s*/g);
export const lineStarts = startsAfter(/\n/g);
export const sentenceStarts = startsAfter(/[.!?…]+["'”’)\]]*\s+|[。！？]+[」』”’）)]*\s*/g);
export const wordStarts = startsAfter(/\s+/g);
