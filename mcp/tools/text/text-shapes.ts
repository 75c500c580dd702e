// What the local text tools share: their input bound and the annotations of a pure local function.
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { boundedText } from '../../text-limits.ts';

/** Local tools work in the gateway's own process: a few megabytes at most per call. */
export const LOCAL_TEXT_LIMIT = 2_000_000;
export const localTextSchema = boundedText(LOCAL_TEXT_LIMIT);
export const LOCAL_TOOL_ANNOTATIONS: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
