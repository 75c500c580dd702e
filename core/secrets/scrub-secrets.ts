// Provider errors sometimes echo the credential they refused ("Incorrect API key provided: sk-…"),
// and SDK errors carry request details. Every message that leaves a provider adapter for the agent,
// the ledger, the logs or a Temporal failure passes through here: configured secrets and anything
// shaped like a key are replaced before the text goes anywhere.
import type { GatewayConfig } from '../config.ts';
import { PROVIDER_IDS } from '../providers/types.ts';

/** The same mark pino's redaction leaves in logs. */
export const SCRUBBED = '[REDACTED]';

/** Shapes of credentials, whoever they belong to. */
const KEY_SHAPES: RegExp[] = [
  /\bsk-[A-Za-z0-9_*-]{8,}/g, // OpenAI, Anthropic (sk-ant-…), DeepSeek, OpenRouter (sk-or-…)
  /\bAIza[0-9A-Za-z_-]{20,}/g, // Google API keys
  /\bxai-[A-Za-z0-9_-]{16,}/g, // xAI
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, // authorization header values
  /(?<=[?&](?:key|api_key|apikey|token|access_token)=)[^&\s"']+/gi, // keys in query strings
  /(?<=\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)[^@/\s]+(?=@)/gi, // passwords in URLs
];

/** Secrets shorter than this are not matched by value: they would blank out ordinary words. */
const SHORTEST_SECRET = 6;

export type Scrubber = (text: string) => string;

export function createSecretScrubber(secrets: Iterable<string | undefined>): Scrubber {
  const values = [...new Set([...secrets].filter((secret): secret is string => typeof secret === 'string' && secret.length >= SHORTEST_SECRET))].sort((a, b) => b.length - a.length);
  return (text) => {
    let result = text;
    for (const secret of values) if (result.includes(secret)) result = result.split(secret).join(SCRUBBED);
    for (const shape of KEY_SHAPES) result = result.replace(shape, (match) => (/^(bearer|basic)\s/i.test(match) ? `${match.split(/\s+/)[0]} ${SCRUBBED}` : SCRUBBED));
    return result;
  };
}

/** The password of a URL such as redis://user:password@host, if it has one. */
export function urlPassword(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const password = new URL(value).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}

/** Every secret the configuration holds: API keys, tokens and passwords inside URLs. */
export function configuredSecrets(config: GatewayConfig): string[] {
  const values = [
    ...PROVIDER_IDS.flatMap((id) => [config.providers[id].apiKey, urlPassword(config.providers[id].baseUrl)]),
    config.server.authToken,
    config.temporal.apiKey,
    urlPassword(config.cache.redisUrl),
  ];
  return values.filter((value): value is string => typeof value === 'string' && value.length > 0);
}
