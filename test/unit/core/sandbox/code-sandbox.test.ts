import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { createCodeSandbox } from '../../../../core/sandbox/code-sandbox.ts';

const sandbox = createCodeSandbox({ timeoutMs: 1_500, memoryBytes: 256 * 1024 * 1024 });
const scratch = mkdtempSync(path.join(os.tmpdir(), 'gateway-sandbox-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('code sandbox', () => {
  it('reports the isolation in force', () => {
    const isolation = sandbox.isolation();
    assert.ok(['bwrap', 'unshare', 'process'].includes(isolation.kind));
    assert.equal(isolation.network_cut, isolation.kind !== 'process');
  });

  it('checks syntax in every language without running the code', async () => {
    const marker = path.join(scratch, 'ran');
    assert.deepEqual(await sandbox.checkSyntax('python', `open(${JSON.stringify(marker)}, "w").write("x")\n`), { ok: true });
    assert.deepEqual(await sandbox.checkSyntax('javascript', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`), { ok: true });
    assert.equal(existsSync(marker), false);
    const python = await sandbox.checkSyntax('python', 'def broken(:\n  pass\n');
    assert.equal(python.ok, false);
    assert.match(python.error ?? '', /SyntaxError/);
    assert.match((await sandbox.checkSyntax('javascript', 'function (')).error ?? '', /line 1/);
    assert.equal((await sandbox.checkSyntax('typescript', 'const a: number = 1; export { a };')).ok, true);
    assert.equal((await sandbox.checkSyntax('typescript', 'const a: = 1;')).ok, false);
  });

  it('runs each test after the code and passes it on exit 0', async () => {
    const code = 'function add(a: number, b: number): number { return a + b; }';
    const outcomes = await sandbox.runTests('typescript', code, [
      { name: 'adds', code: 'if (add(2, 3) !== 5) process.exit(1);' },
      { name: 'wrong', code: 'if (add(2, 2) !== 5) throw new Error("2 + 2 is not 5");', weight: 2 },
    ]);
    assert.deepEqual(outcomes.map((outcome) => [outcome.name, outcome.passed, outcome.weight]), [['adds', true, 1], ['wrong', false, 2]]);
    assert.match(outcomes[1]!.error ?? '', /2 \+ 2 is not 5/);
  });

  it('gives generated code none of the gateway environment', async () => {
    process.env.OPENAI_API_KEY = 'sk-secret-never-visible';
    try {
      const python = await sandbox.run('python', 'import os\nprint(sorted(os.environ.items()))');
      assert.equal(python.exit_code, 0);
      assert.doesNotMatch(python.stdout, /sk-secret|OPENAI/);
      const node = await sandbox.run('javascript', 'console.log(JSON.stringify(process.env))');
      assert.doesNotMatch(node.stdout, /sk-secret|OPENAI/);
      assert.equal(JSON.parse(node.stdout).PATH, '/usr/local/bin:/usr/bin:/bin');
    } finally {
      delete process.env.OPENAI_API_KEY;
    }
  });

  it('kills code at its time limit, with everything it started', async () => {
    const marker = path.join(scratch, 'outlived');
    const started = Date.now();
    const outcome = await sandbox.run(
      'python',
      `import subprocess, sys\nsubprocess.Popen([sys.executable, "-c", "import time; time.sleep(2.5); open('${marker}', 'w').write('x')"])\nwhile True:\n    pass\n`,
    );
    assert.equal(outcome.timed_out, true);
    assert.ok(Date.now() - started < 10_000);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    assert.equal(existsSync(marker), false, 'a process started by the code outlived the timeout');
  });

  it('cannot open a socket when the isolation cuts the network', async (t) => {
    if (!sandbox.isolation().network_cut) {
      t.skip('this machine offers no network namespace: network is not cut');
      return;
    }
    const server = net.createServer((socket) => socket.end('hello')).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const outcome = await sandbox.run('javascript', `require('net').connect(${port}, '127.0.0.1').on('connect', () => { console.log('connected'); process.exit(0); }).on('error', (e) => { console.log(e.code); process.exit(3); });`);
      assert.equal(outcome.exit_code, 3);
      assert.match(outcome.stdout, /ECONNREFUSED|ENETUNREACH/);
    } finally {
      server.close();
    }
  });
});
