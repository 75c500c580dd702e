// Builds every activity from injected dependencies; the worker registers the returned object.
import type { ActivityDeps } from './deps.ts';
import { createDocumentActivities } from './document-calls.ts';
import { createExtractionAttemptActivity } from './extraction-attempt.ts';
import { createKnowledgeActivities } from './knowledge.ts';
import { createProviderCallActivity } from './provider-call.ts';
import { createSemanticChunkingActivities } from './semantic-chunking.ts';
import { createStreamCallActivity } from './stream-call.ts';
import { createTournamentActivities } from './tournament.ts';
import { createWorkflowStepActivities } from './workflow-step.ts';

export function createActivities(deps: ActivityDeps) {
  return {
    callProvider: createProviderCallActivity(deps),
    streamProvider: createStreamCallActivity(deps),
    ...createDocumentActivities(deps),
    extractionAttempt: createExtractionAttemptActivity(deps),
    ...createTournamentActivities(deps),
    ...createKnowledgeActivities(deps),
    ...createWorkflowStepActivities(deps),
    ...createSemanticChunkingActivities(deps),
  };
}

export type GatewayActivities = ReturnType<typeof createActivities>;
