// What the catalogue costs an agent, in o200k tokens: the part a model sees (name, description,
// input schema of each tool) and the whole tools/list answer. Used by the budget test and the bench.
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';

export interface CatalogueSize {
  tools: number;
  model_visible_tokens: number;
  whole_tokens: number;
  output_schema_tokens: number;
}

export const CATALOGUE_BUDGETS: Record<string, { model_visible_tokens: number; whole_tokens?: number }> = {
  full: { model_visible_tokens: 8_000, whole_tokens: 16_000 },
  core: { model_visible_tokens: 2_500 },
};

export function measureCatalogue(tools: readonly Tool[]): CatalogueSize {
  const modelVisible = tools.reduce((sum, tool) => sum + countTokens(JSON.stringify({ name: tool.name, description: tool.description, input_schema: tool.inputSchema })), 0);
  const outputSchemas = tools.reduce((sum, tool) => sum + (tool.outputSchema ? countTokens(JSON.stringify(tool.outputSchema)) : 0), 0);
  return { tools: tools.length, model_visible_tokens: modelVisible, whole_tokens: countTokens(JSON.stringify({ tools })), output_schema_tokens: outputSchemas };
}
