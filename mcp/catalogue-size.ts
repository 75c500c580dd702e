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

export interface ToolSize {
  tool: string;
  model_visible_tokens: number;
  description_tokens: number;
  output_schema_tokens: number;
}

const modelVisibleTokens = (tool: Tool) => countTokens(JSON.stringify({ name: tool.name, description: tool.description, input_schema: tool.inputSchema }));

/** Each tool's share, heaviest first: where a catalogue's tokens go. */
export function measureTools(tools: readonly Tool[]): ToolSize[] {
  return tools
    .map((tool) => ({
      tool: tool.name,
      model_visible_tokens: modelVisibleTokens(tool),
      description_tokens: countTokens(tool.description ?? ''),
      output_schema_tokens: tool.outputSchema ? countTokens(JSON.stringify(tool.outputSchema)) : 0,
    }))
    .sort((left, right) => right.model_visible_tokens - left.model_visible_tokens);
}

export function measureCatalogue(tools: readonly Tool[]): CatalogueSize {
  const modelVisible = tools.reduce((sum, tool) => sum + modelVisibleTokens(tool), 0);
  const outputSchemas = tools.reduce((sum, tool) => sum + (tool.outputSchema ? countTokens(JSON.stringify(tool.outputSchema)) : 0), 0);
  return { tools: tools.length, model_visible_tokens: modelVisible, whole_tokens: countTokens(JSON.stringify({ tools })), output_schema_tokens: outputSchemas };
}
