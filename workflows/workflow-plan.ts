// The shape of a multi-step plan and its `${...}` references, as pure functions: the MCP layer
// checks plans with them before anything runs, and the parent workflow resolves arguments with them.
// No imports: this file runs inside the workflow sandbox.

export interface PlanStep {
  id: string;
  tool: string;
  args: Record<string, unknown>;
  depends_on?: string[] | undefined;
  iterate_on?: string | undefined;
}

export type Reference =
  | { kind: 'steps'; step: string; path: string[] }
  | { kind: 'inputs'; name: string; path: string[] }
  | { kind: 'item'; path: string[] };

const WHOLE_REFERENCE = /^\$\{([^{}]+)\}$/;
const ANY_REFERENCE = /\$\{([^{}]+)\}/g;

export function parseReference(body: string): Reference | string {
  const parts = body.trim().split('.');
  if (parts.some((part) => part.length === 0)) return `"\${${body}}" has an empty path segment`;
  const [head, ...rest] = parts;
  if (head === 'item') return { kind: 'item', path: rest };
  if (head === 'steps') {
    if (rest.length === 0) return `"\${${body}}" names no step: write \${steps.<id>.<path>}`;
    return { kind: 'steps', step: rest[0]!, path: rest.slice(1) };
  }
  if (head === 'inputs') {
    if (rest.length === 0) return `"\${${body}}" names no input: write \${inputs.<name>}`;
    return { kind: 'inputs', name: rest[0]!, path: rest.slice(1) };
  }
  return `"\${${body}}" must start with steps., inputs. or item`;
}

/** Every reference in a value (strings anywhere inside objects and arrays), or the first malformed one. */
export function referencesIn(value: unknown): Array<Reference | string> {
  const found: Array<Reference | string> = [];
  const visit = (current: unknown) => {
    if (typeof current === 'string') {
      for (const match of current.matchAll(ANY_REFERENCE)) found.push(parseReference(match[1]!));
    } else if (Array.isArray(current)) {
      current.forEach(visit);
    } else if (current !== null && typeof current === 'object') {
      Object.values(current).forEach(visit);
    }
  };
  visit(value);
  return found;
}

export interface ReferenceScope {
  steps: Record<string, unknown>;
  inputs: Record<string, unknown>;
  item?: unknown;
}

export class ReferenceError extends Error {}

function follow(start: unknown, path: string[], label: string): unknown {
  let current = start;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || !(segment in (current as Record<string, unknown>))) {
      throw new ReferenceError(`${label}: no "${segment}" in the value it reaches`);
    }
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

export function lookUp(reference: Reference, scope: ReferenceScope): unknown {
  if (reference.kind === 'item') return follow(scope.item, reference.path, ['${item', ...reference.path].join('.') + '}');
  if (reference.kind === 'inputs') return follow(scope.inputs, [reference.name, ...reference.path], `\${inputs.${[reference.name, ...reference.path].join('.')}}`);
  return follow(scope.steps, [reference.step, ...reference.path], `\${steps.${[reference.step, ...reference.path].join('.')}}`);
}

/** Arguments with every reference replaced: a whole-string reference keeps the value's type. */
export function resolveReferences(value: unknown, scope: ReferenceScope): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE_REFERENCE.exec(value);
    if (whole) return lookUp(asReference(whole[1]!), scope);
    return value.replace(ANY_REFERENCE, (_text, body: string) => {
      const found = lookUp(asReference(body), scope);
      return typeof found === 'string' ? found : JSON.stringify(found);
    });
  }
  if (Array.isArray(value)) return value.map((each) => resolveReferences(each, scope));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, each]) => [key, resolveReferences(each, scope)]));
  }
  return value;
}

function asReference(body: string): Reference {
  const parsed = parseReference(body);
  if (typeof parsed === 'string') throw new ReferenceError(parsed);
  return parsed;
}

/** The step ids in an order where each comes after its dependencies, or a cycle found. */
export function orderSteps(steps: readonly PlanStep[]): { order: string[] } | { cycle: string[] } {
  const byId = new Map(steps.map((step) => [step.id, step]));
  const state = new Map<string, 'visiting' | 'done'>();
  const order: string[] = [];
  const trail: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...trail.slice(trail.indexOf(id)), id];
    state.set(id, 'visiting');
    trail.push(id);
    for (const dependency of byId.get(id)?.depends_on ?? []) {
      const cycle = visit(dependency);
      if (cycle) return cycle;
    }
    trail.pop();
    state.set(id, 'done');
    order.push(id);
    return undefined;
  };
  for (const step of steps) {
    const cycle = visit(step.id);
    if (cycle) return { cycle };
  }
  return { order };
}
