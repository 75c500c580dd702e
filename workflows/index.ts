// The workflow bundle's entry: every workflow the worker can run.
export { completionWorkflow } from './completion.ts';
export { compareAndSynthesizeWorkflow, multiCompletionWorkflow } from './multi-completion.ts';
export { streamCompletionWorkflow } from './stream-completion.ts';
export { processDocumentBatchWorkflow } from './document-batch.ts';
export { documentExtractionWorkflow } from './document-extraction.ts';
export { summarizeDocumentWorkflow } from './summarize-document.ts';
export { extractionWorkflow } from './extraction.ts';
export { tournamentWorkflow } from './tournament.ts';
export { addDocumentsWorkflow, knowledgeSearchWorkflow } from './knowledge.ts';
export { ragWorkflow } from './rag.ts';
export { optimizedWorkflow } from './optimized-workflow.ts';
export { semanticChunkingWorkflow } from './semantic-chunking.ts';
