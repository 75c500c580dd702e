// fast-check arbitraries built from a tool's advertised JSON Schema (what tools/list sends): values
// the schema admits, biased towards edge cases (unicode, control characters, path-like ids, bounds,
// deep nesting), and single mutations of such values that break exactly one rule the schema states.
import fc from 'fast-check';

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

/** One broken rule: where (`path`), which rule, and the name an error must mention. */
export interface Mutation {
  args: Record<string, unknown>;
  path: string[];
  rule: 'missing' | 'unknown key' | 'wrong type' | 'out of range' | 'too long' | 'too short' | 'not an option' | 'pattern';
  /** The key an error naming the problem mentions. */
  names: string;
}

const EDGE_STRINGS = [
  ' ', '\t\r\n', '../../../etc/passwd', '..\\..\\windows\\system32', '/', '%2e%2e%2f', 'a/b', 'CON', '.', '..',
  '\u0000', '\u0007\u001b[31mred', '\u202eevil\u202c', '\ud800', '\uffff', '\u200b\u200d', 'ｆｕｌｌ', '😀👍🏽', 'مرحبا', '日本語',
  '${steps.x.y}', '${inputs.a}', '{{7*7}}', '<script>alert(1)</script>', "'; DROP TABLE t; --", '__proto__', 'constructor',
  'NaN', '-1', '1e309', 'null', '[]', '{}', 'gpt-4o-mini', 'openai', 'doc_00000000000000000000000000000000',
  // JSON text nested far deeper than any real document: parsed, queried or converted, it must not exhaust the stack.
  `${'['.repeat(5_000)}${']'.repeat(5_000)}`, `${'{"a":'.repeat(3_000)}1${'}'.repeat(3_000)}`, `${'- '.repeat(2_000)}x`,
];

/** Strings measured as zod measures them (UTF-16 code units). */
function fitsLength(text: string, schema: JsonSchema): boolean {
  return text.length >= (schema.minLength ?? 0) && text.length <= (schema.maxLength ?? Infinity);
}

function patternOf(schema: JsonSchema): RegExp | undefined {
  return schema.pattern === undefined ? undefined : new RegExp(schema.pattern, 'u');
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.enum) return fc.constantFrom(...(schema.enum as string[]));
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 200, 200));
  const pattern = patternOf(schema);
  if (pattern) {
    const edges = EDGE_STRINGS.filter((text) => pattern.test(text) && fitsLength(text, schema));
    let matching: fc.Arbitrary<string>;
    try {
      matching = fc.stringMatching(pattern, { size: 'xsmall' }).filter((text) => fitsLength(text, schema));
    } catch {
      // Patterns beyond fast-check's regex support (lookaheads): the edge strings they admit, else the empty string.
      matching = edges.length > 0 ? fc.constantFrom(...edges) : fc.constant('');
    }
    return edges.length > 0 ? fc.oneof(matching, fc.constantFrom(...edges)) : matching;
  }
  const edges = EDGE_STRINGS.filter((text) => fitsLength(text, schema));
  const generated = fc.oneof(
    fc.string({ minLength, maxLength, unit: 'binary' }),
    fc.string({ minLength, maxLength, unit: 'grapheme' }),
    fc.string({ minLength, maxLength }),
  ).filter((text) => fitsLength(text, schema));
  return edges.length > 0 ? fc.oneof(generated, fc.constantFrom(...edges)) : generated;
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  if (schema.enum) return fc.constantFrom(...(schema.enum as number[]));
  if (integer) {
    const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? Math.floor(schema.exclusiveMinimum) + 1 : Number.MIN_SAFE_INTEGER);
    const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? Math.ceil(schema.exclusiveMaximum) - 1 : Number.MAX_SAFE_INTEGER);
    return fc.integer({ min, max });
  }
  return fc.double({
    min: schema.minimum ?? schema.exclusiveMinimum ?? -1e308,
    max: schema.maximum ?? schema.exclusiveMaximum ?? 1e308,
    minExcluded: schema.minimum === undefined && schema.exclusiveMinimum !== undefined,
    maxExcluded: schema.maximum === undefined && schema.exclusiveMaximum !== undefined,
    noNaN: true,
    noDefaultInfinity: true,
  });
}

/** A value nested `depth` levels deep, for fields that admit any JSON. */
export function deeplyNested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level += 1) value = level % 2 === 0 ? [value] : { nested: value };
  return value;
}

/** `deep`: sometimes nested far beyond what the gateway accepts (then refused for that reason, not for another). */
function anyJson(deep: boolean): fc.Arbitrary<unknown> {
  const shallow = fc.jsonValue({ maxDepth: 3 });
  return deep ? fc.oneof({ weight: 4, arbitrary: shallow }, { weight: 1, arbitrary: fc.constantFrom(deeplyNested(60), deeplyNested(2_000)) }) : shallow;
}

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type) return [schema.type];
  if (schema.properties) return ['object'];
  return [];
}

/** Values the schema admits, edge cases first; `deep` adds values nested past the gateway's depth bound. */
export function validArbitrary(schema: JsonSchema, deep = true): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return fc.oneof(...branches.map((branch) => validArbitrary(branch, deep)));
  const types = typesOf(schema);
  if (types.length === 0) return anyJson(deep);
  return fc.oneof(
    ...types.map((type): fc.Arbitrary<unknown> => {
      switch (type) {
        case 'string':
          return stringArbitrary(schema);
        case 'integer':
          return numberArbitrary(schema, true);
        case 'number':
          return numberArbitrary(schema, false);
        case 'boolean':
          return fc.boolean();
        case 'null':
          return fc.constant(null);
        case 'array':
          return fc.array(schema.items ? validArbitrary(schema.items, deep) : anyJson(deep), {
            minLength: schema.minItems ?? 0,
            maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
          });
        default:
          return objectArbitrary(schema, deep);
      }
    }),
  );
}

function objectArbitrary(schema: JsonSchema, deep: boolean): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const declared = fc.record(
    Object.fromEntries(Object.entries(properties).map(([key, property]) => [key, validArbitrary(property, deep)])),
    { requiredKeys: (schema.required ?? []).filter((key) => key in properties) },
  ) as fc.Arbitrary<Record<string, unknown>>;
  const extra = schema.additionalProperties;
  if (Object.keys(properties).length > 0 || extra === false || extra === undefined) return declared;
  const values = extra === true ? anyJson(deep) : validArbitrary(extra, deep);
  return fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', '../x', '')), values, { maxKeys: 3 });
}

const WRONG_TYPE_SAMPLES: Array<[string, unknown]> = [
  ['string', 'not-the-right-type'],
  ['number', -123.5],
  ['integer', 7],
  ['boolean', true],
  ['array', [1, 'two', null]],
  ['object', { unexpected: { nested: [] } }],
  ['null', null],
];

function wrongTypeValues(schema: JsonSchema): unknown[] {
  const types = typesOf(schema);
  if (types.length === 0 || schema.anyOf || schema.oneOf) return [];
  const admits = (type: string) => types.includes(type) || (type === 'integer' && types.includes('number'));
  const wrong = WRONG_TYPE_SAMPLES.filter(([type]) => !admits(type)).map(([, value]) => value);
  // Odd depths put an array outermost, even depths an object.
  if (!admits('array')) wrong.push(deeplyNested(301));
  else if (!admits('object')) wrong.push(deeplyNested(300));
  return wrong;
}

/** Values of the right type that break a bound, an enum or a pattern, each with its rule. */
function ruleBreakers(schema: JsonSchema): Array<[Mutation['rule'], unknown]> {
  const broken: Array<[Mutation['rule'], unknown]> = [];
  const types = typesOf(schema);
  if (types.includes('integer') || types.includes('number')) {
    const low = schema.minimum ?? schema.exclusiveMinimum;
    const high = schema.maximum ?? schema.exclusiveMaximum;
    if (low !== undefined) broken.push(['out of range', schema.minimum !== undefined ? low - 1 : low], ['out of range', -1e308]);
    if (high !== undefined) broken.push(['out of range', high + 1], ['out of range', 1e308]);
    if (types.includes('integer') && !types.includes('number')) broken.push(['wrong type', (low ?? 0) + 0.5]);
  }
  if (types.includes('string')) {
    if (schema.enum) broken.push(['not an option', 'definitely-not-an-option']);
    if ((schema.minLength ?? 0) > 0) broken.push(['too short', '']);
    if (schema.maxLength !== undefined && schema.maxLength <= 20_000) broken.push(['too long', 'x'.repeat(schema.maxLength + 1)]);
    const pattern = patternOf(schema);
    const misfit = EDGE_STRINGS.find((text) => pattern && !pattern.test(text) && fitsLength(text, schema));
    if (misfit !== undefined) broken.push(['pattern', misfit]);
  }
  if (types.includes('array')) {
    if ((schema.minItems ?? 0) > 0) broken.push(['too short', []]);
    if (schema.maxItems !== undefined && schema.maxItems <= 1_000) broken.push(['too long', Array.from({ length: schema.maxItems + 1 }, () => null)]);
  }
  return broken;
}

/** Every single-rule mutation of `value` (valid for `schema`), at this level and inside nested objects. */
export function mutationsOf(schema: JsonSchema, value: Record<string, unknown>, path: string[] = []): Mutation[] {
  const mutations: Mutation[] = [];
  const properties = schema.properties ?? {};
  for (const key of schema.required ?? []) {
    const { [key]: _dropped, ...rest } = value;
    mutations.push({ args: rest, path: [...path, key], rule: 'missing', names: key });
  }
  if (schema.additionalProperties === false) {
    mutations.push({ args: { ...value, '../unexpected_key': 1 }, path: [...path, '../unexpected_key'], rule: 'unknown key', names: 'unexpected_key' });
  }
  for (const [key, property] of Object.entries(properties)) {
    for (const wrong of wrongTypeValues(property)) mutations.push({ args: { ...value, [key]: wrong }, path: [...path, key], rule: 'wrong type', names: key });
    for (const [rule, broken] of ruleBreakers(property)) mutations.push({ args: { ...value, [key]: broken }, path: [...path, key], rule, names: key });
    const inner = value[key];
    if (property.properties && inner && typeof inner === 'object' && !Array.isArray(inner)) {
      for (const nested of mutationsOf(property, inner as Record<string, unknown>, [...path, key])) {
        mutations.push({ ...nested, args: { ...value, [key]: nested.args } });
      }
    }
    const first = Array.isArray(inner) ? (inner[0] as unknown) : undefined;
    if (property.items?.properties && first && typeof first === 'object' && !Array.isArray(first)) {
      for (const nested of mutationsOf(property.items, first as Record<string, unknown>, [...path, key, '0'])) {
        mutations.push({ ...nested, args: { ...value, [key]: [nested.args, ...(inner as unknown[]).slice(1)] } });
      }
    }
  }
  return mutations;
}

/** A valid value with exactly one rule broken. */
export function invalidArbitrary(schema: JsonSchema): fc.Arbitrary<Mutation> {
  return fc
    .tuple(validArbitrary(schema, false) as fc.Arbitrary<Record<string, unknown>>, fc.nat())
    .filter(([value]) => mutationsOf(schema, value).length > 0)
    .map(([value, pick]) => {
      const mutations = mutationsOf(schema, value);
      return mutations[pick % mutations.length]!;
    });
}
