// TLS towards a Temporal cluster or Temporal Cloud: the settings are checked at start-up with errors
// that name the variable, and a real connection presents the client certificate (mTLS), verifies the
// server with the configured CA and asks for the configured server name.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../../core/config.ts';
import { connectToTemporal, temporalTls } from '../../../worker/temporal-runtime.ts';

const directory = mkdtempSync(path.join(os.tmpdir(), 'gateway-temporal-tls-'));
const noEnvFile = path.join(directory, 'missing.env');
const file = (name: string) => path.join(directory, name);
after(() => rmSync(directory, { recursive: true, force: true }));

function openssl(...args: string[]): void {
  const result = spawnSync('openssl', args, { cwd: directory, encoding: 'utf8' });
  assert.equal(result.status, 0, `openssl ${args.join(' ')}: ${result.stderr}`);
}

/** A throwaway CA, a server certificate for temporal.test and a client certificate for gateway-worker. */
function makeCertificates(): void {
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...key, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=gateway test CA');
  for (const [name, commonName, extensions] of [
    ['server', 'temporal.test', 'subjectAltName=DNS:temporal.test\nextendedKeyUsage=serverAuth\n'],
    ['client', 'gateway-worker', 'extendedKeyUsage=clientAuth\n'],
  ] as const) {
    writeFileSync(file(`${name}.ext`), extensions);
    openssl('req', ...key, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${commonName}`);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '1', '-extfile', `${name}.ext`);
  }
}

function problemsOf(environment: Record<string, string>): string[] {
  try {
    loadConfig(environment, noEnvFile);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.problems;
  }
  assert.fail('expected the configuration to be rejected');
}

describe('Temporal TLS settings', () => {
  before(makeCertificates);

  it('asks for the key with the certificate, and for readable files', () => {
    assert.deepEqual(problemsOf({ TEMPORAL_TLS_CERT: file('client.pem') }), [
      'TEMPORAL_TLS_KEY: TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together (the client certificate and its private key, PEM files)',
    ]);
    const missing = file('nowhere.pem');
    assert.deepEqual(problemsOf({ TEMPORAL_TLS_CERT: file('client.pem'), TEMPORAL_TLS_KEY: missing }), [`TEMPORAL_TLS_KEY: expected the path of a readable PEM file (got "${missing}")`]);
    assert.match(problemsOf({ TEMPORAL_TLS_CA: missing })[0]!, /^TEMPORAL_TLS_CA: expected the path of a readable PEM file/);
  });

  it('turns TLS on for an API key, TEMPORAL_TLS or any certificate setting, and off otherwise', () => {
    assert.equal(temporalTls(loadConfig({}, noEnvFile).temporal), false);
    assert.deepEqual(temporalTls(loadConfig({ TEMPORAL_API_KEY: 'cloud-key-0123456789' }, noEnvFile).temporal), {});
    assert.deepEqual(temporalTls(loadConfig({ TEMPORAL_TLS: 'true' }, noEnvFile).temporal), {});
    const mutual = temporalTls(loadConfig({ TEMPORAL_TLS_CERT: file('client.pem'), TEMPORAL_TLS_KEY: file('client.key') }, noEnvFile).temporal);
    assert.ok(mutual);
    assert.deepEqual(Buffer.from(mutual.clientCertPair!.crt), readFileSync(file('client.pem')));
    assert.deepEqual(Buffer.from(mutual.clientCertPair!.key), readFileSync(file('client.key')));
  });

  it('connects with the client certificate, trusting the configured CA under the configured server name', async () => {
    const server = tls.createServer({
      key: readFileSync(file('server.key')),
      cert: readFileSync(file('server.pem')),
      ca: readFileSync(file('ca.pem')),
      requestCert: true,
      rejectUnauthorized: true,
      ALPNProtocols: ['h2'],
    });
    const handshake = new Promise<{ commonName: unknown; servername: unknown; authorized: boolean }>((resolve) => {
      server.once('secureConnection', (socket: tls.TLSSocket) => {
        resolve({ commonName: socket.getPeerCertificate().subject?.CN, servername: socket.servername, authorized: socket.authorized });
        socket.destroy();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = `127.0.0.1:${(server.address() as { port: number }).port}`;
    const config = loadConfig(
      { TEMPORAL_ADDRESS: address, TEMPORAL_TLS_CERT: file('client.pem'), TEMPORAL_TLS_KEY: file('client.key'), TEMPORAL_TLS_CA: file('ca.pem'), TEMPORAL_TLS_SERVER_NAME: 'temporal.test' },
      noEnvFile,
    );
    // The endpoint speaks TLS but not Temporal's gRPC, so the connection itself fails after the handshake.
    const connecting = connectToTemporal(config.temporal, address).then(
      async (connection) => {
        await connection.close();
        return undefined;
      },
      (error: unknown) => error,
    );
    try {
      assert.deepEqual(await handshake, { commonName: 'gateway-worker', servername: 'temporal.test', authorized: true });
    } finally {
      server.close();
    }
    assert.ok((await connecting) instanceof Error, 'no Temporal frontend answered');
  });
});
