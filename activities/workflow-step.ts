// The activity that readies one step of a multi-step workflow: the tool's own preparation (argument
// checks, model resolution, cache policy, cost estimate), or the whole answer for a local tool.
import { ApplicationFailure } from '@temporalio/activity';
import type { PreparedStep } from '../core/jobs/optimized-workflow-types.ts';
import type { ActivityDeps } from './deps.ts';

export function createWorkflowStepActivity(deps: ActivityDeps) {
  return async function prepareWorkflowStep(tool: string, args: Record<string, unknown>): Promise<PreparedStep> {
    if (!deps.prepareWorkflowStep) throw ApplicationFailure.nonRetryable('this worker cannot run workflow steps', 'WorkflowStepUnavailable');
    try {
      return await deps.prepareWorkflowStep(tool, args);
    } catch (error) {
      // Bad arguments or an unknown model do not get better with retries.
      throw ApplicationFailure.nonRetryable((error as Error).message, 'InvalidStepArguments');
    }
  };
}
