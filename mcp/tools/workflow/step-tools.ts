// The tools a workflow step can run, as they are registered on the server: each step is checked by
// the tool's own input schema, its references by the tool's output schema, and run by the tool's own
// handler. Adding a tool to workflows is one entry in STEP_TOOLS.
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ToolExtra } from '../../run-job-tool.ts';

export interface StepToolOptions {
  /** Every model of the job's targets answers (not a fallback chain): the estimate adds them all. */
  everyTargetAnswers?: true;
}

export const STEP_TOOLS: Readonly<Record<string, StepToolOptions>> = {
  generate_completion: {},
  chat_completion: {},
  multi_completion: { everyTargetAnswers: true },
  compare_and_synthesize: { everyTargetAnswers: true },
  delegate_task: {},
  summarize_document: {},
  extract_entities: {},
  generate_qa_pairs: {},
  chunk_document: {},
  extract_json: {},
  extract_table: {},
  extract_key_value_pairs: {},
  infer_schema: {},
  extract_code_from_response: {},
  semantic_search: {},
  hybrid_search: {},
  retrieve_context: {},
  generate_with_rag: {},
  clean_text: {},
  text_stats: {},
  regex_extract: {},
  diff_text: {},
  query_json: {},
  convert_format: {},
};

export interface StepTool {
  name: string;
  /** The tool's input schema (undeclared arguments refused), without `background`. */
  args: z.ZodObject;
  /** Result fields a `${steps.<id>.<field>}` reference may start with. */
  resultFields: readonly string[];
  call: (args: Record<string, unknown>, extra: ToolExtra) => Promise<CallToolResult>;
}

type ToolHandler = (args: unknown, extra: ToolExtra) => Promise<CallToolResult>;

/** The step tools registered on `server`, by name. Call once every tool is registered. */
export function stepToolsOf(server: McpServer): ReadonlyMap<string, StepTool> {
  const registered = (server as unknown as { _registeredTools?: Record<string, RegisteredTool> })._registeredTools;
  if (!registered) throw new Error('the MCP SDK no longer keeps registered tools where expected; workflow steps need updating');
  const tools = new Map<string, StepTool>();
  for (const name of Object.keys(STEP_TOOLS)) {
    const tool = registered[name];
    if (!tool || !(tool.inputSchema instanceof z.ZodObject)) throw new Error(`workflow step tool "${name}" is not registered with a zod object input schema`);
    const input = tool.inputSchema as z.ZodObject;
    const args = 'background' in input.shape ? input.omit({ background: true }) : input;
    // The SDK builds the output object with its own zod import: read its shape, not its class.
    const output = Object.keys((tool.outputSchema as { shape?: Record<string, unknown> } | undefined)?.shape ?? {});
    const handler = tool.handler as unknown as ToolHandler;
    tools.set(name, { name, args, resultFields: output, call: (stepArgs, extra) => handler(stepArgs, extra) });
  }
  return tools;
}

export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => `${issue.path.join('.') || 'args'}: ${issue.message}`).join('; ');
}

/** The text of a tool's error answer. */
export function errorText(result: CallToolResult): string {
  return result.content.map((block) => (block.type === 'text' ? block.text : '')).join(' ').trim() || 'the tool failed';
}
