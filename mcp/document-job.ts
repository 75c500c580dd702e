// The one way the LLM document tools (summarize_document, extract_entities, generate_qa_pairs) run:
// resolve the document, build the tool's job input with its chunks already planned (the text is at
// hand here, so the job's first calls start without a planning step), start it under a readable id
// that carries the document_id in its memo and handle, and forward the job's progress to a waiting caller.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { planDocumentChunks } from '../core/documents/chunk-plan.ts';
import type { DocumentJobBase } from '../core/jobs/document-types.ts';
import type { McpDeps } from './deps.ts';
import { resolveDocument, type DocumentInput, type ResolvedDocument } from './document-input.ts';
import { documentJobId, forwardJobProgress } from './document-job-args.ts';
import type { JobWorkflow } from './job-service.ts';
import { runJobTool, type ToolExtra } from './run-job-tool.ts';

/** A plan larger than this is left to the workflow's planning activity, to keep the job's input small. */
const MAX_PLAN_BYTES = 256 * 1024;

export interface DocumentJobSpec<Input extends DocumentJobBase, Result> {
  tool: string;
  args: DocumentInput & { background?: boolean | undefined };
  workflow: JobWorkflow<Input, Result>;
  input: (document: ResolvedDocument) => Input;
  /** What the job does, after "provider/model: " in its description. */
  describe: (input: Input, document: ResolvedDocument) => string;
  present: (result: Result) => object;
}

export function runDocumentJob<Input extends DocumentJobBase, Result>(
  deps: McpDeps,
  extra: ToolExtra,
  spec: DocumentJobSpec<Input, Result>,
): Promise<CallToolResult> {
  return runJobTool<Input, Result>(deps, extra, {
    tool: spec.tool,
    background: spec.args.background ?? false,
    prepare: async () => {
      const document = await resolveDocument(deps, spec.args);
      const input = spec.input(document);
      const plan = planDocumentChunks(document.text, input);
      if (JSON.stringify(plan).length <= MAX_PLAN_BYTES) input.plan = plan;
      return {
        workflow: spec.workflow,
        description: `${input.targets[0]!.provider}/${input.targets[0]!.model}: ${spec.describe(input, document)}`,
        input,
        jobId: documentJobId(spec.tool, document.documentId),
        memo: { document_id: document.documentId },
        handle: { document_id: document.documentId },
      };
    },
    present: spec.present,
    whileRunning: (jobId, finished) => forwardJobProgress(deps, extra, jobId, finished),
  });
}
