// Turns an agent's optional provider/model pair into a configured provider and a registry model,
// or an error that says exactly what to change.
import type { ModelEntry } from '../core/models/registry.ts';
import type { ProviderId } from '../core/providers/types.ts';
import type { McpDeps } from './deps.ts';
import { ToolInputError } from './tool-result.ts';

export interface Target {
  provider: ProviderId;
  model: ModelEntry;
}

export function resolveTarget(deps: Pick<McpDeps, 'registry' | 'providers'>, provider?: ProviderId, model?: string): Target {
  let chosenProvider = provider;
  if (!chosenProvider && !model) {
    chosenProvider = deps.providers.configuredProviders()[0];
    if (!chosenProvider) {
      throw new ToolInputError(
        'no provider has a key: set OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, DEEPSEEK_API_KEY, OPENROUTER_API_KEY or XAI_API_KEY (or OLLAMA_BASE_URL) in the gateway environment',
      );
    }
  }
  let entry: ModelEntry;
  try {
    entry = deps.registry.resolve({ provider: chosenProvider, model });
  } catch (error) {
    throw new ToolInputError((error as Error).message);
  }
  const resolvedProvider = entry.provider as ProviderId;
  if (!deps.providers.isConfigured(resolvedProvider)) {
    throw new ToolInputError(deps.providers.notConfiguredMessage(resolvedProvider));
  }
  return { provider: resolvedProvider, model: entry };
}

/** A registry model, configured or not (for estimates and comparisons, which call nothing). */
export function resolveModel(deps: Pick<McpDeps, 'registry'>, provider?: ProviderId, model?: string): ModelEntry {
  try {
    return deps.registry.resolve({ provider, model });
  } catch (error) {
    throw new ToolInputError((error as Error).message);
  }
}
