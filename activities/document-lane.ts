// A lane of a document job's fan-out (workflows/document-lanes.ts): several calls on one model made
// back to back in one activity, with no workflow task between them. Each finished call but the last
// is signalled to the job before the next one starts, so the job's history holds it: a lane lost with
// its worker costs again only the call it was making. A failing call ends the lane with that call's
// failure, its place in the fan-out added to the details, so the job can go on with that call alone.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { DocumentCallInput, DocumentCallResult, DocumentLaneInput, DocumentLaneResult, LaneCallDone } from '../core/jobs/document-types.ts';
import { documentCallDoneSignal } from '../workflows/document-lanes.ts';
import type { ActivityDeps } from './deps.ts';
import { toApplicationFailure } from './provider-call.ts';

/** The call's failure, naming the call (`document_call`) and the delay its provider asked for before a retry. */
function namingTheCall(error: unknown, slot: number): unknown {
  const failure = toApplicationFailure(error);
  if (!(failure instanceof ApplicationFailure)) return failure;
  const [first, ...rest] = failure.details ?? [];
  const delay = typeof failure.nextRetryDelay === 'number' ? { retry_delay_ms: failure.nextRetryDelay } : {};
  return ApplicationFailure.create({
    type: failure.type ?? undefined,
    message: failure.message,
    nonRetryable: failure.nonRetryable ?? undefined,
    nextRetryDelay: failure.nextRetryDelay ?? undefined,
    details: [{ ...(typeof first === 'object' && first !== null ? first : {}), document_call: slot, ...delay }, ...rest],
    cause: failure.cause,
  });
}

/** `callerFor(documentId)` makes the lane's calls, reading the document once for all of them. */
export function createDocumentLaneActivity(deps: ActivityDeps, callerFor: (documentId: string) => (input: DocumentCallInput) => Promise<DocumentCallResult>) {
  return async function callOnDocumentLane(input: DocumentLaneInput): Promise<DocumentLaneResult> {
    const context = Context.current();
    const workflowId = context.info.workflowExecution?.workflowId;
    const { fanOut, calls, ...common } = input;
    const call = callerFor(input.documentId);
    for (const [position, each] of calls.entries()) {
      let result: DocumentCallResult;
      try {
        result = await call({ ...common, ...(each.span ? { span: each.span } : {}), task: each.task });
      } catch (error) {
        throw namingTheCall(error, each.slot);
      }
      // Without a way to signal, the lane makes one call, and the job starts another lane for the rest.
      if (position === calls.length - 1 || !workflowId || !deps.signalWorkflow) return { slot: each.slot, result };
      const done: LaneCallDone = { fanOut, slot: each.slot, result };
      try {
        await deps.signalWorkflow(workflowId, documentCallDoneSignal.name, done);
      } catch (error) {
        throw ApplicationFailure.retryable(`the answer to call ${each.slot} could not be handed to the job: ${(error as Error).message}`, 'DocumentLaneInterrupted');
      }
      context.heartbeat();
    }
    throw ApplicationFailure.nonRetryable('a lane needs at least one call', 'InvalidJobInput');
  };
}
