// Documents written into a plan's step arguments go to the blob store before the workflow starts,
// so the parent workflow carries their document_id, never the text.
import type { PlanStep } from '../../../workflows/workflow-plan.ts';
import type { McpDeps } from '../../deps.ts';
import { resolveDocument } from '../../document-input.ts';
import { ToolInputError } from '../../tool-result.ts';
import type { StepTool } from './step-tools.ts';

/** The fields a tool with `document_id` also accepts the text in. */
const TEXT_FIELDS = ['document', 'text'] as const;

export async function storeStepDocuments(deps: Pick<McpDeps, 'blobs' | 'config'>, steps: readonly PlanStep[], tools: ReadonlyMap<string, StepTool>): Promise<PlanStep[]> {
  return Promise.all(
    steps.map(async (step, index) => {
      const shape = tools.get(step.tool)?.args.shape;
      if (!shape || !('document_id' in shape)) return step;
      const field = TEXT_FIELDS.find((name) => name in shape && typeof step.args[name] === 'string' && !(step.args[name] as string).includes('${'));
      if (field === undefined) return step;
      try {
        const { [field]: text, ...rest } = step.args;
        const stored = await resolveDocument(deps, { document: text as string }, field);
        return { ...step, args: { ...rest, document_id: stored.documentId } };
      } catch (error) {
        if (error instanceof ToolInputError) throw new ToolInputError(`steps[${index}] ("${step.id}").args: ${error.message}`);
        throw error;
      }
    }),
  );
}
