// Activities of the document jobs. Workflows hand over a document id and offsets; these read the
// text from the blob store, chunk it, and build each prompt from core/documents/document-prompts.ts.
// A model call goes through the same provider-call activity as every completion (cache, retries,
// usage ledger), so a chunk already answered is served from the cache on a re-run.
import { ApplicationFailure } from '@temporalio/common';
import { planDocumentChunks } from '../core/documents/chunk-plan.ts';
import {
  chunkSummaryPrompt,
  entitiesPrompt,
  qaPairsPrompt,
  reduceSummaryPrompt,
  wholeSummaryPrompt,
  type DocumentPrompt,
} from '../core/documents/document-prompts.ts';
import { parseEntitiesAnswer, parseQaAnswer, UnreadableAnswerError } from '../core/documents/parse-document-answers.ts';
import type { ChunkPlan, ChunkPlanInput, DocumentCallInput, DocumentCallResult, DocumentTask } from '../core/jobs/document-types.ts';
import type { ActivityDeps } from './deps.ts';
import { createDocumentLaneActivity } from './document-lane.ts';
import { createProviderCallActivity } from './provider-call.ts';

async function readDocument(deps: ActivityDeps, documentId: string): Promise<string> {
  const text = await deps.blobs.get(documentId);
  if (text === undefined) {
    throw ApplicationFailure.nonRetryable(`document ${documentId} is not in the blob store (BLOB_STORE must be shared by every worker)`, 'DocumentNotFound');
  }
  return text;
}

function promptFor(task: DocumentTask, text: string, tokens: number): DocumentPrompt {
  switch (task.kind) {
    case 'summary_whole':
      return wholeSummaryPrompt(text, task);
    case 'summary_chunk':
      return chunkSummaryPrompt(text, { index: task.index, count: task.count, tokens }, task);
    case 'summary_reduce':
      return reduceSummaryPrompt(task.partials, task);
    case 'entities':
      return entitiesPrompt(text, task.entityTypes);
    case 'qa_pairs':
      return qaPairsPrompt(text, task.count);
  }
}

export function createDocumentActivities(deps: ActivityDeps) {
  const callProvider = createProviderCallActivity(deps);
  /** `readText` reads the stored document; a lane reads it once for all its calls. */
  const answer = async (input: DocumentCallInput, readText: () => Promise<string>): Promise<DocumentCallResult> => {
    const document = input.task.kind === 'summary_reduce' ? '' : await readText();
    const text = input.span ? document.slice(input.span.start, input.span.end) : document;
    const prompt = promptFor(input.task, text, input.span?.tokens ?? 0);
    const result = await callProvider({
      provider: input.provider,
      model: input.model,
      tool: input.tool,
      messages: prompt.messages,
      system: prompt.system,
      maxTokens: prompt.maxTokens,
      ...(prompt.responseFormat ? { responseFormat: prompt.responseFormat } : {}),
      ...(input.temperature !== undefined ? { temperature: input.temperature } : {}),
      ...(input.cache ? { cache: input.cache } : {}),
    });
    try {
      if (input.task.kind === 'entities') return { ...result, entities: parseEntitiesAnswer(result.text) };
      if (input.task.kind === 'qa_pairs') return { ...result, qa_pairs: parseQaAnswer(result.text, text) };
    } catch (error) {
      if (error instanceof UnreadableAnswerError) return { ...result, unreadable: error.message };
      throw error;
    }
    return result;
  };
  return {
    async planChunks(input: ChunkPlanInput): Promise<ChunkPlan> {
      return planDocumentChunks(await readDocument(deps, input.documentId), input);
    },
    async callOnDocument(input: DocumentCallInput): Promise<DocumentCallResult> {
      return answer(input, () => readDocument(deps, input.documentId));
    },
    callOnDocumentLane: createDocumentLaneActivity(deps, (documentId) => {
      let text: Promise<string> | undefined;
      return (input) => answer(input, () => (text ??= readDocument(deps, documentId)));
    }),
  };
}
