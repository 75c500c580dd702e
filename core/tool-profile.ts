// Which tool groups a TOOL_PROFILE exposes. Kept apart from the tool map (mcp/tool-groups.ts) so the
// configuration can refuse an unknown profile or group when it is read, before a server starts.

export const TOOL_GROUP_NAMES = [
  'completion',
  'delegation',
  'jobs',
  'providers',
  'cache',
  'usage',
  'extraction',
  'tournaments',
  'documents',
  'knowledge',
  'workflow',
  'text',
  'meta',
] as const;
export type ToolGroup = (typeof TOOL_GROUP_NAMES)[number];

/** Delegate work and follow its jobs: the least an agent needs (delegate_task picks the model). */
const MINIMAL: ToolGroup[] = ['delegation', 'jobs', 'meta'];
const CORE: ToolGroup[] = [...MINIMAL, 'providers'];

/** Named profiles. The meta group is in every one, so an agent can always learn what else exists. */
export const TOOL_PROFILES: Record<'full' | 'core' | 'documents' | 'rag' | 'minimal', readonly ToolGroup[]> = {
  full: TOOL_GROUP_NAMES,
  core: CORE,
  documents: [...CORE, 'documents', 'extraction', 'text'],
  rag: [...CORE, 'knowledge', 'documents'],
  minimal: MINIMAL,
};

export type ToolProfileResult = { ok: true; groups: ToolGroup[] } | { ok: false; error: string };

/** `full`, a profile name, or a comma list of groups; meta is always added. */
export function parseToolProfile(value: string): ToolProfileResult {
  const trimmed = value.trim().toLowerCase();
  const named = (TOOL_PROFILES as Record<string, readonly ToolGroup[]>)[trimmed];
  if (named) return { ok: true, groups: [...new Set<ToolGroup>([...named, 'meta'])] };
  const names = trimmed.split(',').map((name) => name.trim()).filter((name) => name.length > 0);
  const unknown = names.filter((name) => !(TOOL_GROUP_NAMES as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    return {
      ok: false,
      error: `expected ${Object.keys(TOOL_PROFILES).join(', ')} or a comma list of groups (${TOOL_GROUP_NAMES.join(', ')})${unknown.length > 0 ? `; unknown: ${unknown.join(', ')}` : ''}`,
    };
  }
  return { ok: true, groups: [...new Set<ToolGroup>([...(names as ToolGroup[]), 'meta'])] };
}
