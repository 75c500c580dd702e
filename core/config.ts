// Every setting the gateway reads, parsed once with zod from the environment and an optional .env
// file. Nothing else in the code base reads process.env, so the table in the README is complete.
import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { PROVIDER_IDS, type ProviderId } from './providers/types.ts';
import { TASK_TYPES } from './routing/classify-task.ts';
import { createSecretScrubber } from './secrets/scrub-secrets.ts';
import { parseToolProfile, type ToolGroup } from './tool-profile.ts';

/** Providers with an embeddings API (for the semantic cache). */
export const EMBEDDING_PROVIDER_IDS = ['openai', 'gemini', 'ollama'] as const;

const booleanSchema = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], { message: 'expected true or false' })
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

const secondsSchema = z.coerce.number({ message: 'expected a number of seconds' }).positive('expected a positive number of seconds');
const retriesSchema = z.coerce.number({ message: 'expected a whole number' }).int('expected a whole number').min(0, 'expected 0 or more').max(20, 'expected at most 20');
const urlSchema = z.url({ message: 'expected a URL such as http://127.0.0.1:8080' });
const concurrencySchema = z.coerce.number({ message: 'expected a whole number of calls' }).int('expected a whole number').min(1, 'expected at least 1').max(1_000, 'expected at most 1000');
const rateSchema = z.coerce.number({ message: 'expected a number of calls per second' }).positive('expected more than 0 calls per second').max(100_000, 'expected at most 100000 calls per second');

const baseSchema = z.object({
  SERVER_HOST: z.string().min(1).default('127.0.0.1'),
  SERVER_PORT: z.coerce.number({ message: 'expected a port number' }).int('expected a whole number').min(0).max(65535, 'expected a port from 0 to 65535').default(8013),
  API_PREFIX: z
    .string()
    .regex(/^\/([A-Za-z0-9._~-]+\/)*$/, 'expected a path that starts and ends with "/", such as / or /gateway/')
    .default('/'),
  GATEWAY_AUTH_TOKEN: z.string().min(16, 'expected at least 16 characters').optional(),
  ALLOWED_HOSTS: z.string().optional(),
  MAX_REQUEST_BYTES: z.coerce.number().int().min(1024, 'expected at least 1024 bytes').optional(),
  ALLOWED_ORIGINS: z
    .string()
    .regex(/^\s*https?:\/\/[^\s,/]+\/?\s*(,\s*https?:\/\/[^\s,/]+\/?\s*)*$/i, 'expected comma-separated origins such as http://localhost:6274,https://app.example.com')
    .optional(),
  MAX_SESSIONS: z.coerce.number({ message: 'expected a number of sessions' }).int('expected a whole number').min(1, 'expected at least 1').default(100),
  SESSION_IDLE_SECONDS: secondsSchema.default(1800),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], { message: 'expected one of trace, debug, info, warn, error, fatal, silent' }).default('info'),
  USE_RICH_LOGGING: booleanSchema.default(true),
  LOG_FORMAT: z.enum(['auto', 'pretty', 'json'], { message: 'expected auto, pretty or json' }).default('auto'),
  LOG_TO_FILE: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  PROVIDER_TIMEOUT: secondsSchema.default(120),
  PROVIDER_MAX_RETRIES: retriesSchema.default(3),
  PROVIDER_MAX_CONCURRENCY: concurrencySchema.default(64),
  PROVIDER_MAX_RPS: rateSchema.optional(),
  TEMPORAL_ADDRESS: z.string().regex(/^[^\s:]+:\d+$/, 'expected host:port, such as 127.0.0.1:7233').optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('delegation-gateway'),
  TEMPORAL_CLI_PATH: z.string().min(1).optional(),
  TEMPORAL_PORT: z.coerce.number().int().min(0).max(65535, 'expected a port from 0 to 65535').default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(0).max(65535, 'expected a port from 0 to 65535').default(8233),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_TLS: booleanSchema.default(false),
  TEMPORAL_TLS_CERT: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY: z.string().min(1).optional(),
  TEMPORAL_TLS_CA: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  OLLAMA_BASE_URL: urlSchema.optional(),
  DELEGATION_REFERENCE_MODEL: z.string().min(1).default('claude-sonnet-4-5'),
  JOB_MEMO_PROMPTS: booleanSchema.default(false),
  CACHE_ENABLED: booleanSchema.default(true),
  CACHE_TTL: secondsSchema.default(86_400),
  CACHE_TYPE: z.enum(['memory', 'disk', 'redis'], { message: 'expected memory, disk or redis' }).default('disk'),
  CACHE_MAX_SIZE: z.coerce.number({ message: 'expected a number of entries' }).int('expected a whole number').min(1, 'expected at least 1').default(10_000),
  CACHE_TASK_TTLS: z
    .string()
    .regex(/^\s*[a-z_]+\s*=\s*\d+(\.\d+)?\s*(,\s*[a-z_]+\s*=\s*\d+(\.\d+)?\s*)*$/, 'expected task=seconds pairs, such as summarization=604800,creative=3600')
    .optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL').optional(),
  SEMANTIC_CACHE_ENABLED: booleanSchema.optional(),
  SEMANTIC_CACHE_THRESHOLD: z.coerce.number({ message: 'expected a number' }).gt(0, 'expected more than 0').max(1, 'expected at most 1').default(0.95),
  EMBEDDING_PROVIDER: z.enum(EMBEDDING_PROVIDER_IDS, { message: `expected one of ${EMBEDDING_PROVIDER_IDS.join(', ')} (the providers with an embeddings API)` }).optional(),
  EMBEDDING_MODEL: z.string().min(1).optional(),
  BLOB_STORE: z.enum(['disk', 'redis'], { message: 'expected disk or redis' }).default('disk'),
  JOB_WAIT_SECONDS: secondsSchema.max(3_600, 'expected at most 3600 seconds').default(45),
  USAGE_RETENTION_DAYS: z.coerce.number({ message: 'expected a number of days' }).int('expected a whole number of days').min(1, 'expected at least 1 day').default(90),
  BLOB_RETENTION_DAYS: z.coerce.number({ message: 'expected a number of days' }).int('expected a whole number of days').min(1, 'expected at least 1 day (a job may read its document for up to 24 hours)').default(30),
  TEMPORAL_RETENTION_DAYS: z.coerce.number({ message: 'expected a number of days' }).int('expected a whole number of days').min(1, 'expected at least 1 day').max(3650, 'expected at most 3650 days').default(3),
  SHUTDOWN_GRACE_SECONDS: z.coerce.number({ message: 'expected a number of seconds' }).min(0, 'expected 0 or more seconds').max(3_600, 'expected at most 3600 seconds').default(15),
  VECTOR_STORE: z.enum(['lancedb', 'qdrant'], { message: 'expected lancedb or qdrant' }).default('lancedb'),
  QDRANT_URL: urlSchema.optional(),
  QDRANT_API_KEY: z.string().min(1).optional(),
  VECTOR_INDEX_MIN_ROWS: z.coerce.number({ message: 'expected a number of rows' }).int('expected a whole number').min(256, 'expected at least 256 rows').default(10_000),
  VECTOR_CACHE_MB: z.coerce.number({ message: 'expected a number of megabytes' }).int('expected a whole number').min(16, 'expected at least 16 MB').max(65_536, 'expected at most 65536 MB').default(256),
  MAX_DOCUMENT_BYTES: z.coerce.number({ message: 'expected a number of bytes' }).int('expected a whole number').min(1024, 'expected at least 1024 bytes').default(16 * 1024 * 1024),
  SANDBOX_TIMEOUT_SECONDS: z.coerce.number({ message: 'expected a number of seconds' }).min(0.5, 'expected at least 0.5 seconds').max(600, 'expected at most 600 seconds').default(10),
  TOOL_PROFILE: z
    .string()
    .default('full')
    .transform((value, context) => {
      const parsed = parseToolProfile(value);
      if (parsed.ok) return parsed.groups;
      context.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }),
  SANDBOX_MEMORY_MB: z.coerce.number({ message: 'expected a number of megabytes' }).int('expected a whole number').min(32, 'expected at least 32 MB').max(16_384, 'expected at most 16384 MB').default(512),
});

/** `<PROVIDER>_API_KEY`, `_BASE_URL`, `_TIMEOUT`, `_MAX_RETRIES`, `_MAX_CONCURRENCY` and `_MAX_RPS` for every provider. */
const providerShape: Record<string, z.ZodType> = {
  ...Object.fromEntries(
    PROVIDER_IDS.filter((id) => id !== 'ollama').flatMap((id) => [
      [`${id.toUpperCase()}_API_KEY`, z.string().min(1).optional()],
      [`${id.toUpperCase()}_BASE_URL`, urlSchema.optional()],
    ]),
  ),
  ...Object.fromEntries(
    PROVIDER_IDS.flatMap((id) => [
      [`${id.toUpperCase()}_TIMEOUT`, secondsSchema.optional()],
      [`${id.toUpperCase()}_MAX_RETRIES`, retriesSchema.optional()],
      [`${id.toUpperCase()}_MAX_CONCURRENCY`, concurrencySchema.optional()],
      [`${id.toUpperCase()}_MAX_RPS`, rateSchema.optional()],
    ]),
  ),
};

const environmentSchema = baseSchema.extend(providerShape);

type Environment = z.infer<typeof baseSchema> & Record<string, unknown>;

export interface ProviderSettings {
  apiKey: string | undefined;
  baseUrl: string | undefined;
  timeoutMs: number;
  maxRetries: number;
  /** A provider counts as configured when it has a key (Ollama, which needs none: when OLLAMA_BASE_URL is set). */
  configured: boolean;
  /** The task queue this provider's calls are scheduled on; undefined (the main queue) when it is not configured. */
  taskQueue: string | undefined;
  /** Calls a worker runs at once on this provider's queue. */
  maxConcurrency: number;
  /** Calls per second the task queue hands out, across every worker; undefined: no limit. */
  maxRps: number | undefined;
}

/** The queue of one provider's calls: every worker polls one per configured provider besides the main queue. */
export function providerTaskQueue(mainTaskQueue: string, provider: ProviderId): string {
  return `${mainTaskQueue}-provider-${provider}`;
}

export interface GatewayConfig {
  server: {
    host: string;
    port: number;
    apiPrefix: string;
    authToken: string | undefined;
    allowedHosts: string[];
    maxRequestBytes: number;
    /** Browser origins allowed to call; undefined: any origin whose host is an allowed host. */
    allowedOrigins: string[] | undefined;
    maxSessions: number;
    sessionIdleMs: number;
  };
  logging: { level: string; rich: boolean; format: 'auto' | 'pretty' | 'json'; file: string | undefined };
  dataDir: string;
  providers: Record<ProviderId, ProviderSettings>;
  /** The top-tier model delegate_task prices the same tokens on, to show savings. */
  referenceModel: string;
  /** Job memos (shown by list_jobs and the Temporal UI) include the start of the prompt. */
  jobMemoPrompts: boolean;
  cache: {
    enabled: boolean;
    ttlSeconds: number;
    type: 'memory' | 'disk' | 'redis';
    maxEntries: number;
    /** Per task type TTL overrides from CACHE_TASK_TTLS, in seconds. */
    taskTtls: Record<string, number>;
    redisUrl: string | undefined;
    /** undefined: on when an embedding provider is configured. */
    semanticEnabled: boolean | undefined;
    semanticThreshold: number;
    embeddingProvider: ProviderId | undefined;
    embeddingModel: string | undefined;
  };
  usage: {
    /** Days a call's own record is kept in the usage ledger; its daily totals are kept for good. */
    retentionDays: number;
  };
  documents: {
    /** Where document texts are kept: DATA_DIR/blobs, or Redis for workers on several hosts. */
    blobStore: 'disk' | 'redis';
    maxDocumentBytes: number;
    /** A document text not read or written for this long is removed (disk sweep, Redis TTL). */
    blobRetentionMs: number;
  };
  /** How long a stopping gateway lets running calls finish before answering them with their job handle. */
  shutdownGraceMs: number;
  jobs: {
    /** How long a caller waits for a job before it is answered with the job handle. */
    waitSeconds: number;
  };
  /** Limits of each process that runs generated code (code tournaments). */
  sandbox: { timeoutMs: number; memoryBytes: number };
  vectors: {
    /** lancedb: embedded under DATA_DIR/vectors; qdrant: a Qdrant server at QDRANT_URL. */
    store: 'lancedb' | 'qdrant';
    qdrantUrl: string | undefined;
    qdrantApiKey: string | undefined;
    /** Rows a LanceDB knowledge base needs before it gets an ANN index; smaller ones are scanned exactly. */
    indexMinRows: number;
    /** Memory LanceDB may hold for index and file metadata caches (the rest is read from disk again). */
    cacheBytes: number;
  };
  /** Tool groups the MCP server exposes (TOOL_PROFILE); meta is always among them. */
  toolGroups: ToolGroup[];
  temporal: {
    address: string | undefined;
    namespace: string;
    taskQueue: string;
    cliPath: string | undefined;
    port: number;
    uiPort: number;
    apiKey: string | undefined;
    tls: boolean;
    /** mTLS client certificate and key, and a private CA, as PEM file paths (any of them turns TLS on). */
    tlsCertFile: string | undefined;
    tlsKeyFile: string | undefined;
    tlsCaFile: string | undefined;
    tlsServerName: string | undefined;
    /** Days the embedded dev server keeps a closed workflow's history (its namespace retention). */
    retentionDays: number;
  };
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

/** Variables whose whole value is a secret: an error names them and the rule, never the value. */
const SECRET_VARIABLE = /(_API_KEY|_TOKEN|_SECRET|_PASSWORD)$/;
const showWithoutKeys = createSecretScrubber([]);

/** What a configuration error may repeat of a rejected value: nothing of a secret, URLs without their passwords. */
function shownValue(name: string, value: string | undefined): string | undefined {
  if (value === undefined || SECRET_VARIABLE.test(name)) return undefined;
  return showWithoutKeys(value);
}

/**
 * Default request limit: a document of MAX_DOCUMENT_BYTES must fit in a tool call. JSON escaping at
 * most doubles ordinary text (quotes, backslashes, newlines), and the envelope needs a little room.
 */
export function requestBytesFor(maxDocumentBytes: number): number {
  return 2 * maxDocumentBytes + 1024 * 1024;
}

/** Reads KEY=value pairs from a .env file; a missing file is no error. */
export function readEnvFile(file: string): Record<string, string> {
  try {
    return parseEnv(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError([`${file}: cannot be read (${(error as Error).message})`]);
  }
}

/**
 * Builds the configuration. Values in `environment` win over the .env file (`envFile`, default
 * `.env` in the working directory). Empty strings count as unset.
 */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env, envFile = path.resolve('.env')): GatewayConfig {
  const merged: Record<string, string> = {};
  const sources: Record<string, string | undefined> = { ...readEnvFile(envFile), ...environment };
  for (const [key, value] of Object.entries(sources)) {
    if (value !== undefined && value !== '') merged[key] = value;
  }
  const parsed = environmentSchema.safeParse(merged);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment');
        const received = shownValue(name, merged[name]);
        return `${name}: ${issue.message}${received === undefined ? '' : ` (got "${received}")`}`;
      }),
    );
  }
  const environmentValues = parsed.data as Environment;
  const problems: string[] = [];
  if (!LOOPBACK_HOSTS.has(environmentValues.SERVER_HOST) && !environmentValues.GATEWAY_AUTH_TOKEN) {
    problems.push(`SERVER_HOST: binding to ${environmentValues.SERVER_HOST} (not loopback) requires GATEWAY_AUTH_TOKEN to be set`);
  }
  const unknownTasks = Object.keys(parseTaskTtls(environmentValues.CACHE_TASK_TTLS)).filter((task) => !(TASK_TYPES as readonly string[]).includes(task));
  if (unknownTasks.length > 0) {
    problems.push(`CACHE_TASK_TTLS: unknown task type ${unknownTasks.map((task) => `"${task}"`).join(', ')}; task types are ${TASK_TYPES.join(', ')}`);
  }
  if (environmentValues.CACHE_TYPE === 'redis' && !environmentValues.REDIS_URL) {
    problems.push('REDIS_URL: CACHE_TYPE=redis needs REDIS_URL, such as redis://127.0.0.1:6379');
  }
  if (environmentValues.BLOB_STORE === 'redis' && !environmentValues.REDIS_URL) {
    problems.push('REDIS_URL: BLOB_STORE=redis needs REDIS_URL, such as redis://127.0.0.1:6379');
  }
  if (environmentValues.VECTOR_STORE === 'qdrant' && !environmentValues.QDRANT_URL) {
    problems.push('QDRANT_URL: VECTOR_STORE=qdrant needs QDRANT_URL, such as http://127.0.0.1:6333');
  }
  problems.push(...temporalTlsProblems(environmentValues));
  if (problems.length > 0) throw new ConfigError(problems);
  return toConfig(environmentValues);
}

function toConfig(values: Environment): GatewayConfig {
  const lookup = values as Record<string, unknown>;
  const providers = Object.fromEntries(
    PROVIDER_IDS.map((id) => {
      const prefix = id.toUpperCase();
      const apiKey = lookup[`${prefix}_API_KEY`] as string | undefined;
      const baseUrl = lookup[`${prefix}_BASE_URL`] as string | undefined;
      const timeoutSeconds = (lookup[`${prefix}_TIMEOUT`] as number | undefined) ?? values.PROVIDER_TIMEOUT;
      const maxRetries = (lookup[`${prefix}_MAX_RETRIES`] as number | undefined) ?? values.PROVIDER_MAX_RETRIES;
      const configured = id === 'ollama' ? baseUrl !== undefined : apiKey !== undefined;
      const settings: ProviderSettings = {
        apiKey,
        baseUrl,
        timeoutMs: Math.round(timeoutSeconds * 1000),
        maxRetries,
        configured,
        taskQueue: configured ? providerTaskQueue(values.TEMPORAL_TASK_QUEUE, id) : undefined,
        maxConcurrency: (lookup[`${prefix}_MAX_CONCURRENCY`] as number | undefined) ?? values.PROVIDER_MAX_CONCURRENCY,
        maxRps: (lookup[`${prefix}_MAX_RPS`] as number | undefined) ?? values.PROVIDER_MAX_RPS,
      };
      return [id, settings];
    }),
  ) as Record<ProviderId, ProviderSettings>;
  const allowedHosts = values.ALLOWED_HOSTS
    ? values.ALLOWED_HOSTS.split(',').map((host) => host.trim()).filter(Boolean)
    : [values.SERVER_HOST, 'localhost', '127.0.0.1'];
  return {
    server: {
      host: values.SERVER_HOST,
      port: values.SERVER_PORT,
      apiPrefix: values.API_PREFIX,
      authToken: values.GATEWAY_AUTH_TOKEN,
      allowedHosts,
      maxRequestBytes: values.MAX_REQUEST_BYTES ?? requestBytesFor(values.MAX_DOCUMENT_BYTES),
      allowedOrigins: values.ALLOWED_ORIGINS?.split(',').map((origin) => new URL(origin.trim()).origin),
      maxSessions: values.MAX_SESSIONS,
      sessionIdleMs: Math.round(values.SESSION_IDLE_SECONDS * 1000),
    },
    logging: { level: values.LOG_LEVEL, rich: values.USE_RICH_LOGGING, format: values.LOG_FORMAT, file: values.LOG_TO_FILE },
    dataDir: path.resolve(values.DATA_DIR),
    providers,
    referenceModel: values.DELEGATION_REFERENCE_MODEL,
    jobMemoPrompts: values.JOB_MEMO_PROMPTS,
    cache: {
      enabled: values.CACHE_ENABLED,
      ttlSeconds: values.CACHE_TTL,
      type: values.CACHE_TYPE,
      maxEntries: values.CACHE_MAX_SIZE,
      taskTtls: parseTaskTtls(values.CACHE_TASK_TTLS),
      redisUrl: values.REDIS_URL,
      semanticEnabled: values.SEMANTIC_CACHE_ENABLED,
      semanticThreshold: values.SEMANTIC_CACHE_THRESHOLD,
      embeddingProvider: values.EMBEDDING_PROVIDER,
      embeddingModel: values.EMBEDDING_MODEL,
    },
    usage: { retentionDays: values.USAGE_RETENTION_DAYS },
    documents: { blobStore: values.BLOB_STORE, maxDocumentBytes: values.MAX_DOCUMENT_BYTES, blobRetentionMs: values.BLOB_RETENTION_DAYS * 86_400_000 },
    shutdownGraceMs: Math.round(values.SHUTDOWN_GRACE_SECONDS * 1000),
    jobs: { waitSeconds: values.JOB_WAIT_SECONDS },
    sandbox: { timeoutMs: Math.round(values.SANDBOX_TIMEOUT_SECONDS * 1000), memoryBytes: values.SANDBOX_MEMORY_MB * 1024 * 1024 },
    vectors: { store: values.VECTOR_STORE, qdrantUrl: values.QDRANT_URL, qdrantApiKey: values.QDRANT_API_KEY, indexMinRows: values.VECTOR_INDEX_MIN_ROWS, cacheBytes: values.VECTOR_CACHE_MB * 1024 * 1024 },
    toolGroups: values.TOOL_PROFILE,
    temporal: {
      address: values.TEMPORAL_ADDRESS,
      namespace: values.TEMPORAL_NAMESPACE,
      taskQueue: values.TEMPORAL_TASK_QUEUE,
      cliPath: values.TEMPORAL_CLI_PATH,
      port: values.TEMPORAL_PORT,
      uiPort: values.TEMPORAL_UI_PORT,
      apiKey: values.TEMPORAL_API_KEY,
      tls: values.TEMPORAL_TLS,
      tlsCertFile: values.TEMPORAL_TLS_CERT,
      tlsKeyFile: values.TEMPORAL_TLS_KEY,
      tlsCaFile: values.TEMPORAL_TLS_CA,
      tlsServerName: values.TEMPORAL_TLS_SERVER_NAME,
      retentionDays: values.TEMPORAL_RETENTION_DAYS,
    },
  };
}

/** mTLS needs both halves of the pair, and every PEM file named must be readable now, not at the first connection. */
function temporalTlsProblems(values: Environment): string[] {
  const problems: string[] = [];
  if (Boolean(values.TEMPORAL_TLS_CERT) !== Boolean(values.TEMPORAL_TLS_KEY)) {
    const missing = values.TEMPORAL_TLS_CERT ? 'TEMPORAL_TLS_KEY' : 'TEMPORAL_TLS_CERT';
    problems.push(`${missing}: TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together (the client certificate and its private key, PEM files)`);
  }
  for (const name of ['TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY', 'TEMPORAL_TLS_CA'] as const) {
    const file = values[name];
    if (file === undefined) continue;
    try {
      accessSync(file, constants.R_OK);
    } catch {
      problems.push(`${name}: expected the path of a readable PEM file (got "${file}")`);
    }
  }
  return problems;
}

function parseTaskTtls(value: string | undefined): Record<string, number> {
  if (!value) return {};
  return Object.fromEntries(
    value.split(',').map((pair) => {
      const [task, seconds] = pair.split('=').map((part) => part.trim());
      return [task!, Number(seconds)];
    }),
  );
}
