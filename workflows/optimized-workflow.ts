// execute_optimized_workflow's parent workflow: runs a checked plan of steps as a DAG, independent
// steps in parallel up to maxConcurrency. Each unit is prepared by an activity, then runs as the
// tool's own child workflow (its retries, fallbacks and cache), whose result an activity presents as
// the tool answers it, or is answered locally. A failed step
// fails its dependants; budget_usd stops a unit whose estimate would pass it.
import { executeChild, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { GatewayActivities } from '../activities/index.ts';
import type { OptimizedWorkflowInput, OptimizedWorkflowResult, PreparedStep, StepReport } from '../core/jobs/optimized-workflow-types.ts';
import { decodeFailure } from './failure-chain.ts';
import { reportProgress } from './progress.ts';
import { countWaiters } from './job-waiters.ts';
import { resolveReferences, type PlanStep, type ReferenceScope } from './workflow-plan.ts';

// Preparing a step is quick local work (no provider call): a local activity saves a task-queue round trip.
const { prepareWorkflowStep, presentWorkflowStep } = proxyLocalActivities<GatewayActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 3, initialInterval: '1s' },
});

class BudgetStop extends Error {}

/** A first-come, first-served slot count: deterministic, and never more than `size` units at once. */
function slots(size: number) {
  let free = size;
  const waiting: Array<() => void> = [];
  return {
    async acquire(): Promise<void> {
      if (free > 0) {
        free -= 1;
        return;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    },
    release(): void {
      const next = waiting.shift();
      if (next) next();
      else free += 1;
    },
  };
}

/** What the gateway's job results report about cost and models. */
interface ChildResult {
  cost_usd?: number;
  /** Fan-outs to several models: their sum. */
  totals?: { cost_usd?: number };
  provider?: string;
  model?: string;
  /** Jobs that spread over several calls: every provider/model that answered. */
  models?: string[];
  answers?: Array<{ provider: string; model: string }>;
  synthesizer?: { provider: string; model: string };
}

function costOf(result: ChildResult): number {
  if (typeof result.cost_usd === 'number') return result.cost_usd;
  return typeof result.totals?.cost_usd === 'number' ? result.totals.cost_usd : 0;
}

function modelOf(result: ChildResult): string | null {
  if (result.provider && result.model) return `${result.provider}/${result.model}`;
  const called = [...(result.answers ?? []), ...(result.synthesizer ? [result.synthesizer] : [])].map((answer) => `${answer.provider}/${answer.model}`);
  const names = [...new Set([...(Array.isArray(result.models) ? result.models : []), ...called])];
  return names.length > 0 ? names.join(', ') : null;
}

interface UnitOutcome {
  result: unknown;
  cost: number;
  model: string | null;
}

export async function optimizedWorkflow(input: OptimizedWorkflowInput): Promise<OptimizedWorkflowResult> {
  countWaiters(input.waiter);
  const jobId = workflowInfo().workflowId;
  const outputs: Record<string, unknown> = {};
  const reports = new Map<string, StepReport>();
  const limiter = slots(input.maxConcurrency);
  let spent = 0;
  let reserved = 0;
  reportProgress(() => ({ phase: 'steps', done: reports.size, total: input.steps.length }));

  const runUnit = async (step: PlanStep, unitId: string, args: Record<string, unknown>): Promise<UnitOutcome> => {
    await limiter.acquire();
    try {
      const prepared: PreparedStep = await prepareWorkflowStep(step.tool, args);
      if (prepared.kind === 'local') {
        // A local tool, or an answer already in the cache: nothing is spent.
        return { result: prepared.result, cost: 0, model: modelOf(prepared.result as ChildResult) };
      }
      if (input.budgetUsd !== undefined && spent + reserved + prepared.estimateUsd > input.budgetUsd) {
        throw new BudgetStop(
          `budget_usd ${input.budgetUsd} would be exceeded: $${round(spent + reserved)} spent or committed, this step is estimated at $${round(prepared.estimateUsd)}`,
        );
      }
      reserved += prepared.estimateUsd;
      try {
        const result = await executeChild<(job: unknown) => Promise<ChildResult>>(prepared.workflowType, {
          args: [prepared.input],
          workflowId: `${jobId}.${unitId}`,
        });
        const cost = costOf(result);
        spent += cost;
        return { result: await presentWorkflowStep(step.tool, args, result), cost, model: modelOf(result) ?? prepared.model };
      } finally {
        reserved -= prepared.estimateUsd;
      }
    } finally {
      limiter.release();
    }
  };

  const finished = new Map<string, Promise<boolean>>();
  const runStep = async (step: PlanStep): Promise<boolean> => {
    const dependencies = step.depends_on ?? [];
    const succeeded = await Promise.all(dependencies.map((id) => finished.get(id)!));
    const started = Date.now();
    const failedDependency = dependencies.find((_, index) => !succeeded[index]);
    if (failedDependency !== undefined) {
      reports.set(step.id, { id: step.id, status: 'failed', cost_usd: 0, latency_ms: 0, model: null, error: `not run: it depends on step "${failedDependency}", which did not complete` });
      return false;
    }
    const scope: ReferenceScope = { steps: outputs, inputs: input.inputs };
    const units: UnitOutcome[] = [];
    try {
      if (step.iterate_on === undefined) {
        units.push(await runUnit(step, step.id, resolveReferences(step.args, scope) as Record<string, unknown>));
        outputs[step.id] = units[0]!.result;
      } else {
        const items = resolveReferences(step.iterate_on, scope);
        if (!Array.isArray(items)) throw new Error(`iterate_on ${step.iterate_on} is not an array`);
        const runs = await Promise.allSettled(
          items.map((item, index) => runUnit(step, `${step.id}.${index}`, resolveReferences(step.args, { ...scope, item }) as Record<string, unknown>)),
        );
        for (const run of runs) if (run.status === 'fulfilled') units.push(run.value);
        const failed = runs.find((run): run is PromiseRejectedResult => run.status === 'rejected');
        if (failed) throw failed.reason;
        outputs[step.id] = units.map((unit) => unit.result);
      }
      reports.set(step.id, { id: step.id, status: 'completed', ...totals(units, started), ...(step.iterate_on !== undefined ? { runs: units.length } : {}) });
      return true;
    } catch (error) {
      const budget = error instanceof BudgetStop;
      const message = budget ? (error as Error).message : decodeFailure(error).description;
      reports.set(step.id, { id: step.id, status: budget ? 'skipped' : 'failed', ...totals(units, started), error: message });
      return false;
    }
  };

  for (const step of input.steps) finished.set(step.id, runStep(step));
  await Promise.all(finished.values());
  const steps = input.steps.map((step) => reports.get(step.id)!);
  return { outputs, steps, total_cost_usd: round(steps.reduce((sum, step) => sum + step.cost_usd, 0)), job_id: jobId };
}

function totals(units: UnitOutcome[], started: number): Pick<StepReport, 'cost_usd' | 'latency_ms' | 'model'> {
  const models = [...new Set(units.map((unit) => unit.model).filter((model): model is string => model !== null))];
  return { cost_usd: round(units.reduce((sum, unit) => sum + unit.cost, 0)), latency_ms: Date.now() - started, model: models.length > 0 ? models.join(', ') : null };
}

function round(value: number): number {
  return Math.round(value * 1e10) / 1e10;
}
