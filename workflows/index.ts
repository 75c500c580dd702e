// The workflow bundle's entry: every workflow the worker can run.
export { completionWorkflow } from './completion.ts';
export { compareAndSynthesizeWorkflow, multiCompletionWorkflow } from './multi-completion.ts';
export { streamCompletionWorkflow } from './stream-completion.ts';
export { extractionWorkflow } from './extraction.ts';
export { tournamentWorkflow } from './tournament.ts';
export { optimizedWorkflow } from './optimized-workflow.ts';
