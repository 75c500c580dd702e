// Nesting bounds for values from outside: parsers, validators and writers that recurse once per
// level can exhaust the stack on a hostile input, and a stack exhausted inside the engine's own code
// can end the process. Walked iteratively, so measuring never recurses itself.

/** The path (keys and indices) to the first array or object nested deeper than `limit`, or undefined. */
export function pathBeyondDepth(value: unknown, limit: number): string[] | undefined {
  const pending: Array<{ value: unknown; path: string[] }> = [{ value, path: [] }];
  while (pending.length > 0) {
    const current = pending.pop()!;
    if (current.value === null || typeof current.value !== 'object') continue;
    if (current.path.length >= limit) return current.path;
    for (const [key, child] of Object.entries(current.value)) {
      if (child !== null && typeof child === 'object') pending.push({ value: child, path: [...current.path, key] });
    }
  }
  return undefined;
}
