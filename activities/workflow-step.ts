// The activities that run one step of a multi-step workflow with the tool's own code: preparing it
// (argument checks, model resolution, cache policy, cost estimate, or the whole answer of a local
// tool), and presenting a child workflow's result as the tool answers it.
import { ApplicationFailure } from '@temporalio/activity';
import type { PreparedStep, WorkflowStepRunner } from '../core/jobs/optimized-workflow-types.ts';
import type { ActivityDeps } from './deps.ts';

function runnerOf(deps: ActivityDeps): WorkflowStepRunner {
  if (!deps.workflowSteps) throw ApplicationFailure.nonRetryable('this worker cannot run workflow steps', 'WorkflowStepUnavailable');
  return deps.workflowSteps;
}

/** Bad arguments or an unknown model do not get better with retries; a store that is briefly down may. */
function asFailure(error: unknown): unknown {
  if (error instanceof Error && error.name === 'ToolInputError') return ApplicationFailure.nonRetryable(error.message, 'InvalidStepArguments');
  return error;
}

export function createWorkflowStepActivities(deps: ActivityDeps) {
  return {
    async prepareWorkflowStep(tool: string, args: Record<string, unknown>): Promise<PreparedStep> {
      try {
        return await runnerOf(deps).prepare(tool, args);
      } catch (error) {
        throw asFailure(error);
      }
    },
    async presentWorkflowStep(tool: string, args: Record<string, unknown>, result: unknown): Promise<unknown> {
      try {
        return await runnerOf(deps).present(tool, args, result);
      } catch (error) {
        throw asFailure(error);
      }
    },
  };
}
