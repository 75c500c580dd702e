// Refuses a workflow plan before anything runs, with the reason: unknown tools or step ids, cycles,
// references to steps that are not dependencies, reference paths that cannot exist, bad arguments.
import { orderSteps, referencesIn, type PlanStep, type Reference } from '../../../workflows/workflow-plan.ts';
import { ToolInputError } from '../../tool-result.ts';
import { describeIssues, type StepTool } from './step-tools.ts';

const STEP_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The plan's steps in an order where each comes after its dependencies; throws on the first problem. */
export function checkPlan(steps: readonly PlanStep[], inputs: Record<string, unknown>, tools: ReadonlyMap<string, StepTool>): PlanStep[] {
  const ids = new Set<string>();
  steps.forEach((step, index) => {
    const at = `steps[${index}]`;
    if (!STEP_ID.test(step.id)) throw new ToolInputError(`${at}.id: "${step.id}" must be 1-64 letters, digits, _ or -`);
    if (ids.has(step.id)) throw new ToolInputError(`${at}.id: "${step.id}" is used by two steps; ids must be unique`);
    ids.add(step.id);
    if (!tools.has(step.tool)) throw new ToolInputError(`${at}.tool: unknown tool "${step.tool}"; workflow steps can use ${[...tools.keys()].join(', ')}`);
  });
  const byId = new Map(steps.map((step) => [step.id, step]));
  steps.forEach((step, index) => {
    const at = `steps[${index}] ("${step.id}")`;
    for (const dependency of step.depends_on ?? []) {
      if (!byId.has(dependency)) throw new ToolInputError(`${at}.depends_on: unknown step id "${dependency}"`);
      if (dependency === step.id) throw new ToolInputError(`${at}.depends_on: a step cannot depend on itself`);
    }
    if (step.iterate_on !== undefined) {
      const [reference] = referencesIn(step.iterate_on);
      if (!/^\$\{[^{}]+\}$/.test(step.iterate_on) || !reference || typeof reference === 'string' || reference.kind === 'item') {
        throw new ToolInputError(`${at}.iterate_on: must be one reference to an array, e.g. "\${steps.<id>.<path>}" or "\${inputs.<name>}"`);
      }
      checkReference(reference, step, at, 'iterate_on', byId, inputs, tools);
    }
    const references = referencesIn(step.args);
    for (const reference of references) checkReference(reference, step, at, 'args', byId, inputs, tools);
    // Values that hold a reference are only known when the step runs; everything else is checked now.
    const parsed = tools.get(step.tool)!.args.safeParse(step.args);
    const issues = parsed.success ? [] : parsed.error.issues.filter((issue) => !reachesReference(step.args, issue.path));
    if (issues.length > 0) throw new ToolInputError(`${at}.args: ${describeIssues(issues)}`);
  });
  const ordered = orderSteps(steps);
  if ('cycle' in ordered) throw new ToolInputError(`steps: depends_on forms a cycle (${ordered.cycle.join(' → ')})`);
  return ordered.order.map((id) => byId.get(id)!);
}

function checkReference(
  reference: Reference | string,
  step: PlanStep,
  at: string,
  field: string,
  byId: ReadonlyMap<string, PlanStep>,
  inputs: Record<string, unknown>,
  tools: ReadonlyMap<string, StepTool>,
): void {
  if (typeof reference === 'string') throw new ToolInputError(`${at}.${field}: ${reference}`);
  if (reference.kind === 'item') {
    if (step.iterate_on === undefined) throw new ToolInputError(`${at}.${field}: \${item} is only defined in a step with iterate_on`);
    return;
  }
  if (reference.kind === 'inputs') {
    let current: unknown = inputs;
    for (const segment of [reference.name, ...reference.path]) {
      if (current === null || typeof current !== 'object' || !(segment in (current as Record<string, unknown>))) {
        throw new ToolInputError(`${at}.${field}: \${inputs.${[reference.name, ...reference.path].join('.')}} does not exist in inputs`);
      }
      current = (current as Record<string, unknown>)[segment];
    }
    return;
  }
  const label = `\${steps.${[reference.step, ...reference.path].join('.')}}`;
  const target = byId.get(reference.step);
  if (!target) throw new ToolInputError(`${at}.${field}: ${label} names unknown step "${reference.step}"`);
  if (!(step.depends_on ?? []).includes(reference.step)) {
    throw new ToolInputError(`${at}.${field}: ${label} refers to step "${reference.step}", which is not in depends_on`);
  }
  const fields = tools.get(target.tool)!.resultFields;
  let path = reference.path;
  if (target.iterate_on !== undefined) {
    if (path.length === 0) return;
    if (!/^\d+$/.test(path[0]!)) {
      throw new ToolInputError(`${at}.${field}: ${label} cannot exist: step "${target.id}" iterates, so its result is an array (use an index, e.g. .0.${path[0]})`);
    }
    path = path.slice(1);
  }
  if (path.length > 0 && !fields.includes(path[0]!)) {
    throw new ToolInputError(`${at}.${field}: ${label} cannot exist: ${target.tool} results have ${fields.join(', ')}`);
  }
}

/** Whether a value on the way to `path` (or at it) is a string holding a reference. */
function reachesReference(args: unknown, path: readonly PropertyKey[]): boolean {
  let current = args;
  for (let depth = 0; ; depth += 1) {
    if (typeof current === 'string') return current.includes('${');
    if (depth === path.length || current === null || typeof current !== 'object') return false;
    current = (current as Record<PropertyKey, unknown>)[path[depth]!];
  }
}
