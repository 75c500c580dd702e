// What execute_optimized_workflow's parent workflow takes and returns, and what preparing one step
// answers: shared by the MCP layer, the step activity and the workflow.
import type { PlanStep } from '../../workflows/workflow-plan.ts';
import type { WaitedJob } from './types.ts';

export interface OptimizedWorkflowInput extends WaitedJob {
  steps: PlanStep[];
  inputs: Record<string, unknown>;
  maxConcurrency: number;
  budgetUsd?: number | undefined;
}

export type StepStatus = 'completed' | 'failed' | 'skipped';

export interface StepReport {
  id: string;
  status: StepStatus;
  cost_usd: number;
  latency_ms: number;
  model: string | null;
  /** Why a step failed or was skipped. */
  error?: string;
  /** Fan-out steps: how many runs. */
  runs?: number;
}

export interface OptimizedWorkflowResult {
  outputs: Record<string, unknown>;
  steps: StepReport[];
  total_cost_usd: number;
  job_id: string;
}

/** One unit of a step made ready to run: a child workflow to start, or a local answer already computed. */
export type PreparedStep =
  | { kind: 'child'; workflowType: string; input: unknown; estimateUsd: number; model: string | null }
  | { kind: 'local'; result: unknown };

/** How a worker runs one unit of a step with the tool's own code; errors name the bad field. */
export interface WorkflowStepRunner {
  /** A tool name and resolved arguments made into a prepared unit. */
  prepare(tool: string, args: Record<string, unknown>): Promise<PreparedStep>;
  /** A child workflow's result as the tool itself answers it. */
  present(tool: string, args: Record<string, unknown>, result: unknown): Promise<unknown>;
}
