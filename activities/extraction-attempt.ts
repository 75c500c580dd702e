// One extraction attempt: read the document from the blob store, build the prompt (with the rejected
// answer and its errors on a repair), call the model, then parse and validate the answer. Validation
// lives here rather than in the workflow because Ajv cannot run in the workflow sandbox, and doing it
// in the same activity as the call keeps one attempt one activity in the Temporal UI.
import { ApplicationFailure } from '@temporalio/common';
import { buildExtractionPrompt } from '../core/extraction/extraction-prompt.ts';
import { INFERRED_SCHEMA_ANSWER_SCHEMA, taskChecks } from '../core/extraction/extraction-tasks.ts';
import { validateAgainst } from '../core/extraction/json-schema-validator.ts';
import { parseJsonAnswer } from '../core/extraction/parse-json-answer.ts';
import type { ExtractionAttemptInput, ExtractionAttemptResult, ExtractionSpec } from '../core/extraction/types.ts';
import type { ActivityDeps } from './deps.ts';
import { createProviderCallActivity } from './provider-call.ts';

export function checkAnswer(spec: ExtractionSpec, answer: string): Pick<ExtractionAttemptResult, 'valid' | 'data' | 'errors'> {
  const parsed = parseJsonAnswer(answer);
  if (!parsed.ok) return { valid: false, errors: [parsed.error] };
  const schema = spec.task === 'schema' ? INFERRED_SCHEMA_ANSWER_SCHEMA : spec.schema;
  const schemaErrors = schema ? validateAgainst(schema, parsed.value) : [];
  const errors = schemaErrors.length > 0 ? schemaErrors : taskChecks(spec, parsed.value);
  return { valid: errors.length === 0, data: parsed.value, errors };
}

export function createExtractionAttemptActivity(deps: ActivityDeps) {
  const callProvider = createProviderCallActivity(deps);
  return async function extractionAttempt(input: ExtractionAttemptInput): Promise<ExtractionAttemptResult> {
    const text = await deps.blobs.get(input.documentId);
    if (text === undefined) throw ApplicationFailure.nonRetryable(`document ${input.documentId} is not in the blob store`, 'DocumentNotFound');
    const prompt = buildExtractionPrompt(input, text, input.previous);
    const result = await callProvider({
      messages: prompt.messages,
      system: prompt.system,
      maxTokens: input.maxTokens,
      temperature: input.temperature,
      responseFormat: 'json',
      tool: input.tool,
      provider: input.provider,
      model: input.model,
      ...(input.cache ? { cache: input.cache } : {}),
    });
    return {
      answer: result.text,
      ...checkAnswer(input, result.text),
      provider: result.provider,
      model: result.model,
      usage: result.usage,
      cost_usd: result.cost_usd,
      latency_ms: result.latency_ms,
    };
  };
}
