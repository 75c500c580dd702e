import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { createLogger } from '../../../core/logger.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      callback();
    },
  });
  return { lines, stream };
}

const directory = mkdtempSync(path.join(os.tmpdir(), 'gateway-logger-'));
after(() => rmSync(directory, { recursive: true, force: true }));

describe('logger', () => {
  it('writes JSON lines with structured fields', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ level: 'info', rich: false, format: 'json', toStderr: false, destination: stream });
    logger.info({ event: 'job', job_id: 'abc' }, 'job started');
    logger.debug('hidden below the level');
    assert.equal(lines.length, 1);
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.equal(entry.msg, 'job started');
    assert.equal(entry.job_id, 'abc');
    assert.equal(entry.level, 30);
  });

  it('redacts API keys and authorization headers by field', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ level: 'info', rich: false, format: 'json', toStderr: false, destination: stream });
    logger.info({ apiKey: 'sk-abcdef123456', request: { headers: { authorization: 'Bearer secret-token-xyz' } }, provider: { apiKey: 'k-999999999' } }, 'calling');
    const text = lines.join('\n');
    assert.doesNotMatch(text, /sk-abcdef123456|secret-token-xyz|k-999999999/);
    assert.match(text, /\[REDACTED\]/);
  });

  it('scrubs configured secret values wherever they appear, even inside messages', () => {
    const { lines, stream } = capture();
    const secret = 'sk-live-0123456789abcdef';
    const logger = createLogger({ level: 'info', rich: false, format: 'json', toStderr: false, destination: stream, secrets: [secret, undefined] });
    logger.error({ detail: `request failed with key ${secret}` }, `Incorrect API key provided: ${secret}`);
    assert.equal(lines.length, 1);
    assert.ok(!lines[0]!.includes(secret), lines[0]);
    assert.match(lines[0]!, /Incorrect API key provided: \[REDACTED\]/);
  });

  it('also writes a JSON copy to LOG_TO_FILE', async () => {
    const { stream } = capture();
    const file = path.join(directory, 'logs', 'gateway.log');
    const logger = createLogger({ level: 'info', rich: false, format: 'json', toStderr: false, destination: stream, file, secrets: ['sk-file-secret-1'] });
    logger.warn({ event: 'provider' }, 'slow provider sk-file-secret-1');
    logger.flush();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const content = readFileSync(file, 'utf8');
    assert.match(content, /slow provider \[REDACTED\]/);
  });
});
