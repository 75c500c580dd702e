// `npm run bench -- economics`: what the document jobs really cost. For a 100-page document (about
// 50,000 words) summarised, 50 records extracted to JSON and 20 QA pairs generated, it builds the
// prompts the tools build (core/documents/document-prompts.ts, chunked as the jobs chunk), counts
// their tokens with the tokenizer, sizes outputs at their requested lengths, and prices every call
// on the reference model and on the model delegate_task would pick, from the catalogue's prices.
import { chunkDocument } from '../core/chunking/chunk-document.ts';
import { buildExtractionPrompt } from '../core/extraction/extraction-prompt.ts';
import { loadConfig } from '../core/config.ts';
import { chunkSummaryPrompt, partialSummaryWords, qaPairsPrompt, reduceSummaryPrompt, wholeSummaryPrompt, type DocumentPrompt } from '../core/documents/document-prompts.ts';
import { createModelRegistry, type ModelEntry } from '../core/models/registry.ts';
import { estimateCostUsd, recommendModels } from '../core/routing/recommend-models.ts';
import type { TaskType } from '../core/routing/classify-task.ts';
import { countMessageTokens, countTextTokens } from '../core/tokens/count-tokens.ts';
import { defaultChunkSize, singleCallTokens } from '../mcp/document-job-args.ts';
import { pairsPerChunk } from '../workflows/document-extraction.ts';
import { groupForReduction } from '../workflows/summarize-document.ts';
import { benchCorpus } from './chunking.ts';
import { round } from './support.ts';

interface Call {
  input: number;
  output: number;
}

export interface EconomicsRow {
  job: string;
  model: string;
  calls: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
}

const SUMMARY_WORDS = 250;
const QA_PAIRS = 20;
const RECORDS = 50;

function words(text: string, count: number, offset = 0): string {
  return text.split(/\s+/).filter(Boolean).slice(offset, offset + count).join(' ');
}

function promptTokens(prompt: DocumentPrompt, model: ModelEntry): number {
  return countMessageTokens(prompt.messages, prompt.system, model).tokens;
}

/** The calls summarize_document makes on this model: one when the document fits, else map then reduce rounds. */
function summaryCalls(document: string, model: ModelEntry): Call[] {
  const answer = (count: number) => countTextTokens(words(document, count, 1000), model).tokens;
  const finalTokens = answer(SUMMARY_WORDS);
  const total = countTextTokens(document, model).tokens;
  if (total <= singleCallTokens(model, finalTokens)) {
    return [{ input: promptTokens(wholeSummaryPrompt(document, { format: 'paragraph', maxWords: SUMMARY_WORDS }), model), output: finalTokens }];
  }
  const chunkSize = defaultChunkSize(model);
  const chunks = chunkDocument(document, { strategy: 'structural', chunkSize, chunkOverlap: 0, model }).chunks;
  const calls: Call[] = [];
  let partials = chunks.map((chunk) => {
    const output = words(chunk.text, partialSummaryWords(chunk.tokens));
    calls.push({ input: promptTokens(chunkSummaryPrompt(chunk.text, { index: chunk.index, count: chunks.length, tokens: chunk.tokens }, {}), model), output: countTextTokens(output, model).tokens });
    return { text: output, tokens: countTextTokens(output, model).tokens };
  });
  for (;;) {
    const groups = groupForReduction(partials, chunkSize);
    const final = groups.length === 1;
    partials = groups.map((group) => {
      const prompt = reduceSummaryPrompt(group.map((partial) => partial.text), { format: 'paragraph', maxWords: SUMMARY_WORDS, final });
      const output = final ? words(document, SUMMARY_WORDS, 1000) : words(group.map((partial) => partial.text).join(' '), partialSummaryWords(group.reduce((sum, partial) => sum + partial.tokens, 0)));
      calls.push({ input: promptTokens(prompt, model), output: countTextTokens(output, model).tokens });
      return { text: output, tokens: countTextTokens(output, model).tokens };
    });
    if (final) return calls;
  }
}

/** generate_qa_pairs: pairs spread over the job's chunks; each answer a JSON list of pairs quoting the text. */
function qaCalls(document: string, model: ModelEntry): Call[] {
  const chunks = chunkDocument(document, { strategy: 'structural', chunkSize: defaultChunkSize(model), chunkOverlap: 0, model }).chunks;
  const counts = pairsPerChunk(chunks.length, QA_PAIRS);
  return chunks.flatMap((chunk) => {
    const count = counts[chunk.index]!;
    if (count === 0) return [];
    const pairs = Array.from({ length: count }, (_, index) => ({
      question: `${words(chunk.text, 14, index * 97)}?`,
      answer: words(chunk.text, 30, index * 97 + 20),
      source_quote: words(chunk.text, 20, index * 97 + 50),
    }));
    return [{ input: promptTokens(qaPairsPrompt(chunk.text, count), model), output: countTextTokens(JSON.stringify({ qa_pairs: pairs }), model).tokens }];
  });
}

/** extract_json on 50 records: the extraction tool's own prompt (with a schema), the 50 records as JSON out. */
function jsonCalls(model: ModelEntry): Call[] {
  const records = Array.from({ length: RECORDS }, (_, index) => ({
    name: `Customer ${index + 1} Example`,
    email: `customer${index + 1}@example.com`,
    city: ['Lisbon', 'Osaka', 'Toronto', 'Nairobi', 'Berlin'][index % 5]!,
    plan: ['basic', 'team', 'enterprise'][index % 3]!,
    monthly_spend_usd: 20 + ((index * 37) % 480),
  }));
  const text = records
    .map((record) => `${record.name} (${record.email}) signed up from ${record.city} on the ${record.plan} plan and spends about $${record.monthly_spend_usd} a month; notes: prefers email contact, renewal due next quarter.`)
    .join('\n');
  const properties = Object.fromEntries(Object.keys(records[0]!).map((key) => [key, { type: key === 'monthly_spend_usd' ? 'number' : 'string' }]));
  const schema = { type: 'array', items: { type: 'object', properties, required: Object.keys(records[0]!) } };
  const prompt = buildExtractionPrompt({ task: 'json', schema }, text);
  return [{ input: countMessageTokens(prompt.messages, prompt.system, model).tokens, output: countTextTokens(JSON.stringify(records), model).tokens }];
}

function row(job: string, model: ModelEntry, calls: Call[]): EconomicsRow {
  const input = calls.reduce((sum, call) => sum + call.input, 0);
  const output = calls.reduce((sum, call) => sum + call.output, 0);
  const cost = calls.reduce((sum, call) => sum + estimateCostUsd(model, call.input, call.output), 0);
  return { job, model: `${model.provider}/${model.id}`, calls: calls.length, input_tokens: input, output_tokens: output, cost_usd: round(cost, 4) };
}

export function economicsTable(): { document_words: number; rows: EconomicsRow[]; notes: string[] } {
  const registry = createModelRegistry();
  const config = loadConfig({}, '/nonexistent.env');
  const reference = registry.get(config.referenceModel)!;
  // English prose and technical Markdown, as most 100-page documents are.
  const document = words(benchCorpus(600_000, ['prose-apache-license.txt', 'markdown-ioredis.md']), 50_000);
  const jobs: Array<{ job: string; taskType: TaskType; calls: (model: ModelEntry) => Call[] }> = [
    { job: `summarize_document (${SUMMARY_WORDS} words)`, taskType: 'summarization', calls: (model) => summaryCalls(document, model) },
    { job: `extract_json (${RECORDS} records, one valid answer)`, taskType: 'extraction', calls: jsonCalls },
    { job: `generate_qa_pairs (${QA_PAIRS} pairs)`, taskType: 'extraction', calls: (model) => qaCalls(document, model) },
  ];
  const rows: EconomicsRow[] = [];
  const cloud = ['openai', 'anthropic', 'gemini', 'deepseek', 'openrouter', 'xai'] as const;
  for (const job of jobs) {
    const referenceCalls = job.calls(reference);
    const firstCall = referenceCalls[0]!;
    const picked = recommendModels(registry, { taskType: job.taskType, expectedInputTokens: firstCall.input, expectedOutputTokens: firstCall.output, priority: 'cost', configuredProviders: [...cloud] })[0]!.model;
    const referenceRow = row(job.job, reference, referenceCalls);
    const delegatedRow = row(job.job, picked, job.calls(picked));
    rows.push({ ...referenceRow, model: `${referenceRow.model} (reference)` }, { ...delegatedRow, model: `${delegatedRow.model} (delegate_task's pick)` });
  }
  return {
    document_words: document.split(/\s+/).length,
    rows,
    notes: [
      `reference model: DELEGATION_REFERENCE_MODEL=${config.referenceModel}; the pick is delegate_task's choice at priority "cost" among cloud providers (Ollama is free and left out)`,
      'input tokens: the real prompts (system, framing and document text) by the model\'s tokenizer (o200k_base as an approximation where the provider publishes none); outputs: text of the requested length',
      'extract_json: one call whose answer validates (each repair would add a call with the rejected answer and its errors)',
    ],
  };
}
