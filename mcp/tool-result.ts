// Every tool answers the same way: structuredContent plus the same JSON as a text block, or
// isError with a message an agent can act on.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

export function toolResult<T extends object>(structured: T): CallToolResult {
  return {
    content: [{ type: 'text', text: JSON.stringify(structured) }],
    structuredContent: structured as Record<string, unknown>,
  };
}

export function toolError(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** An expected failure a tool reports with isError rather than as a crash. */
export class ToolInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolInputError';
  }
}
