// Structured logging with pino. Pretty, coloured, emoji-marked lines on a terminal; JSON lines
// otherwise; optionally a JSON copy in a file. Secrets are redacted by field path and by value, so an
// API key never reaches a log even when it ends up inside a message string.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pino, { type DestinationStream, type Logger, type StreamEntry } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level: string;
  rich: boolean;
  format: 'auto' | 'pretty' | 'json';
  file?: string | undefined;
  /** stdio mode: stdout belongs to MCP, so every log line goes to stderr. */
  toStderr: boolean;
  /** Secret values (API keys, tokens) scrubbed from every line. */
  secrets?: Array<string | undefined>;
  /** For tests: where lines go instead of stdout/stderr. */
  destination?: DestinationStream;
}

export const REDACTED = '[REDACTED]';

export const REDACT_PATHS = [
  'apiKey',
  'api_key',
  'authorization',
  'password',
  'token',
  '*.apiKey',
  '*.api_key',
  '*.authorization',
  '*.Authorization',
  '*.password',
  '*.token',
  '*.headers.authorization',
  '*.headers.Authorization',
  '*.headers["x-api-key"]',
  '*.headers["x-goog-api-key"]',
  'headers.authorization',
  'headers["x-api-key"]',
  'providers.*.apiKey',
  'config.providers.*.apiKey',
];

const LEVEL_EMOJI: Record<string, string> = {
  trace: '🔍',
  debug: '🐛',
  info: 'ℹ️ ',
  warn: '⚠️ ',
  error: '❌',
  fatal: '💀',
};

/** Event kinds get their own mark on a terminal, so a glance tells a cache hit from a provider call. */
const EVENT_EMOJI: Record<string, string> = {
  startup: '🚀',
  shutdown: '🛑',
  temporal: '⏱️ ',
  worker: '👷',
  provider: '🤖',
  cache: '💾',
  job: '📋',
  http: '🌐',
  cost: '💰',
};

export function createLogger(options: LoggerOptions): Logger {
  const secrets = (options.secrets ?? []).filter((secret): secret is string => typeof secret === 'string' && secret.length >= 6);
  const fileDescriptor = options.toStderr ? 2 : 1;
  const usePretty = options.format === 'pretty' || (options.format === 'auto' && options.rich && Boolean(options.toStderr ? process.stderr.isTTY : process.stdout.isTTY));
  const mainStream: DestinationStream =
    options.destination ??
    (usePretty
      ? pretty({
          destination: fileDescriptor,
          colorize: true,
          sync: true,
          translateTime: 'HH:MM:ss.l',
          ignore: 'pid,hostname,event',
          messageFormat: (log, messageKey) => {
            const event = typeof log.event === 'string' ? EVENT_EMOJI[log.event] : undefined;
            const level = pino.levels.labels[Number(log.level)] ?? 'info';
            return `${event ?? LEVEL_EMOJI[level] ?? ''} ${String(log[messageKey] ?? '')}`;
          },
        })
      : pino.destination({ dest: fileDescriptor, sync: false }));
  const streams: StreamEntry[] = [{ level: options.level as pino.Level, stream: mainStream }];
  if (options.file) {
    mkdirSync(path.dirname(path.resolve(options.file)), { recursive: true });
    streams.push({ level: options.level as pino.Level, stream: pino.destination({ dest: options.file, mkdir: true, sync: false }) });
  }
  return pino(
    {
      level: options.level,
      base: { pid: process.pid },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      hooks: secrets.length > 0 ? { streamWrite: (line) => scrubSecrets(line, secrets) } : {},
    },
    pino.multistream(streams),
  );
}

export function scrubSecrets(line: string, secrets: string[]): string {
  let result = line;
  for (const secret of secrets) {
    if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  }
  return result;
}

/** A logger that writes nothing, for tools and tests that need one. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
