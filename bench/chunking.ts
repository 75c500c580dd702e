// Chunking throughput (MB/s) of each strategy against LangChain's token-based recursive splitter
// (RecursiveCharacterTextSplitter measuring length in o200k_base tokens through js-tiktoken), with
// the same chunk size, overlap and corpus: the real test documents, repeated to a few megabytes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { CHUNK_STRATEGIES, chunkDocument } from '../core/chunking/chunk-document.ts';
import { semanticSentenceStarts } from '../core/chunking/sentence-similarity.ts';
import { ROOT, round } from './support.ts';

export interface ChunkingFigures {
  corpus_mb: number;
  chunk_size: number;
  chunk_overlap: number;
  rows: Array<{ splitter: string; mb_per_second: number; chunks: number; ms: number; speedup_vs_langchain?: number }>;
}

const FIXTURES = ['markdown-ioredis.md', 'prose-apache-license.txt', 'cjk-ordered-map.zh-CN.md', 'emoji-json-pack.md'];

export function benchCorpus(targetBytes: number, fixtures: readonly string[] = FIXTURES): string {
  const documents = fixtures.map((name) => readFileSync(path.join(ROOT, 'test', 'fixtures', 'documents', name), 'utf8'));
  const parts: string[] = [];
  let bytes = 0;
  for (let index = 0; bytes < targetBytes; index += 1) {
    const document = documents[index % documents.length]!;
    parts.push(document);
    bytes += Buffer.byteLength(document);
  }
  return parts.join('\n\n');
}

function timed<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

export async function benchChunking(options: { corpusBytes: number; chunkSize: number; chunkOverlap: number }): Promise<ChunkingFigures> {
  const corpus = benchCorpus(options.corpusBytes);
  const megabytes = Buffer.byteLength(corpus) / 1e6;
  const rows: ChunkingFigures['rows'] = [];
  const encoder = new Tiktoken(o200k);
  const splitter = new RecursiveCharacterTextSplitter({
    chunkSize: options.chunkSize,
    chunkOverlap: options.chunkOverlap,
    lengthFunction: (text: string) => encoder.encode(text).length,
  });
  await splitter.splitText(corpus.slice(0, 20_000));
  const started = performance.now();
  const langchainChunks = await splitter.splitText(corpus);
  const langchainMs = performance.now() - started;
  const langchainRate = megabytes / (langchainMs / 1000);
  rows.push({ splitter: 'langchain RecursiveCharacterTextSplitter (tiktoken length)', mb_per_second: round(langchainRate, 3), chunks: langchainChunks.length, ms: Math.round(langchainMs) });
  for (const strategy of CHUNK_STRATEGIES) {
    chunkDocument(corpus.slice(0, 20_000), { strategy, chunkSize: options.chunkSize, chunkOverlap: options.chunkOverlap });
    const { value, ms } = timed(() => chunkDocument(corpus, { strategy, chunkSize: options.chunkSize, chunkOverlap: options.chunkOverlap }));
    const rate = megabytes / (ms / 1000);
    rows.push({ splitter: `chunkDocument ${strategy}`, mb_per_second: round(rate, 3), chunks: value.chunks.length, ms: Math.round(ms), speedup_vs_langchain: round(rate / langchainRate, 1) });
  }
  // Cutting at similarity drops, the embeddings given (their provider calls are not the chunker's cost).
  const similarities = semanticSentenceStarts(corpus).slice(1).map((_, index) => Math.sin(index * 12.9898));
  const { value, ms } = timed(() => chunkDocument(corpus, { strategy: 'semantic', chunkSize: options.chunkSize, chunkOverlap: options.chunkOverlap, sentenceSimilarities: similarities }));
  const rate = megabytes / (ms / 1000);
  rows.push({ splitter: `chunkDocument semantic, ${similarities.length + 1} sentence similarities`, mb_per_second: round(rate, 3), chunks: value.chunks.length, ms: Math.round(ms), speedup_vs_langchain: round(rate / langchainRate, 1) });
  return { corpus_mb: round(megabytes, 2), chunk_size: options.chunkSize, chunk_overlap: options.chunkOverlap, rows };
}
