// A real JSON Schema validator (Ajv) for extraction answers: draft 2020-12 by default, draft-07 when
// the schema says so in $schema. Schemas are checked against their meta-schema before any model is
// called, and compiled once per distinct schema.
import { createHash } from 'node:crypto';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { canonicalJson } from '../cache/cache-key.ts';

export const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';
export const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

type AnyAjv = Ajv | Ajv2020;
type AddFormats = (ajv: AnyAjv) => AnyAjv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

function makeAjv<T extends AnyAjv>(ajv: T): T {
  addFormats(ajv);
  return ajv;
}

/**
 * Ajv keeps the code of everything an instance compiled in a scope shared by all its validators, so
 * removing a schema frees almost nothing: distinct schemas from callers would grow memory without
 * end. Instead, validators are compiled in generations: after MAX_COMPILED distinct schemas (those
 * that failed to compile count too, as Ajv keeps them as well) a new pair of instances takes over,
 * and the old one goes away with the validators compiled by it.
 */
interface Generation {
  draft2020: Ajv2020;
  draft07: Ajv;
  /** Compiled validators by schema hash. */
  compiled: Map<string, ValidateFunction>;
  /** Schemas this generation tried to compile: Ajv keeps one that failed too. */
  attempts: number;
}
const MAX_COMPILED = 500;

function newGeneration(): Generation {
  return { draft2020: makeAjv(new Ajv2020({ allErrors: true, strict: false })), draft07: makeAjv(new Ajv({ allErrors: true, strict: false })), compiled: new Map(), attempts: 0 };
}

let current = newGeneration();
const MAX_ERRORS = 20;

export type SchemaCheck = { ok: true } | { ok: false; problem: string };

function ajvFor(schema: Record<string, unknown>, generation = current): AnyAjv | undefined {
  const declared = schema.$schema;
  if (declared === undefined) return generation.draft2020;
  if (typeof declared !== 'string') return undefined;
  if (/draft-07\/schema/.test(declared)) return generation.draft07;
  if (/draft\/2020-12\/schema/.test(declared)) return generation.draft2020;
  return undefined;
}

/** Formats Ajv errors as "/path: message" lines an agent and a model can act on. */
export function formatErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).slice(0, MAX_ERRORS).map((error) => {
    const where = error.instancePath || '(root)';
    const extra = error.keyword === 'additionalProperties' ? ` ('${String((error.params as { additionalProperty?: string }).additionalProperty)}')` : '';
    return `${where}: ${error.message ?? error.keyword}${extra}`;
  });
}

/** Whether a schema is one the validator accepts: a supported draft, valid against its meta-schema, compilable. */
export function checkSchema(schema: unknown): SchemaCheck {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return { ok: false, problem: 'a JSON Schema must be an object' };
  const record = schema as Record<string, unknown>;
  const ajv = ajvFor(record);
  if (!ajv) return { ok: false, problem: `$schema "${String(record.$schema)}" is not supported: use ${DRAFT_2020_12} or ${DRAFT_07}` };
  if (!ajv.validateSchema(record)) {
    return { ok: false, problem: `it is not a valid JSON Schema: ${formatErrors(ajv.errors).join('; ')}` };
  }
  try {
    compile(record);
  } catch (error) {
    return { ok: false, problem: `it cannot be compiled: ${(error as Error).message}` };
  }
  return { ok: true };
}

function compile(schema: Record<string, unknown>): ValidateFunction {
  const key = createHash('sha256').update(canonicalJson(schema)).digest('hex');
  const known = current.compiled.get(key);
  if (known) return known;
  if (current.attempts >= MAX_COMPILED) current = newGeneration();
  current.attempts += 1;
  const ajv = ajvFor(schema);
  if (!ajv) throw new Error(`$schema "${String(schema.$schema)}" is not supported`);
  // $id would register the schema globally in Ajv: compile an anonymous copy instead.
  const { $id: _id, ...anonymous } = schema;
  const validate = ajv.compile(anonymous);
  current.compiled.set(key, validate);
  return validate;
}

/** Validates a value; errors are empty when it satisfies the schema. */
export function validateAgainst(schema: Record<string, unknown>, value: unknown): string[] {
  const validate = compile(schema);
  return validate(value) ? [] : formatErrors(validate.errors);
}
