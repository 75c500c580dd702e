// docker-compose.yml and the Dockerfile, checked without a Docker engine: Compose v2's own `config`
// parses, interpolates and validates the file, and its resolved output must describe the scaled shape
// (services, healthchecks, start order, the gateway settings, which the gateway's own config loader
// must accept). The Dockerfile is read as instructions: lockfile install, every source folder the CLI
// imports, a prebuilt workflow bundle, a non-root user, a healthcheck on /healthz, a real start command.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../core/config.ts';
import { obtainComposeCli } from '../support/compose-cli.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TOKEN = 'compose-test-token-0123456789';

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  user?: string;
  environment?: Record<string, string | null>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  deploy?: { replicas?: number };
  ports?: Array<{ host_ip?: string; target: number; published: string }>;
  volumes?: Array<{ source?: string; target: string }>;
}
interface ComposeModel {
  services: Record<string, ComposeService>;
}

let compose: string;
let project: string;
before(async () => {
  compose = await obtainComposeCli();
  // A folder of its own, so a developer's .env (read by Compose for interpolation and env_file) changes nothing.
  project = mkdtempSync(path.join(os.tmpdir(), 'gateway-compose-'));
  copyFileSync(path.join(ROOT, 'docker-compose.yml'), path.join(project, 'docker-compose.yml'));
});
after(() => rmSync(project, { recursive: true, force: true }));

function runCompose(args: string[], environment: Record<string, string> = {}) {
  return spawnSync(compose, ['--project-directory', project, '-f', path.join(project, 'docker-compose.yml'), ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...environment },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

function resolvedModel(environment: Record<string, string> = { GATEWAY_AUTH_TOKEN: TOKEN }): ComposeModel {
  const result = runCompose(['config', '--format', 'json'], environment);
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as ComposeModel;
}

const environmentOf = (service: ComposeService) =>
  Object.fromEntries(Object.entries(service.environment ?? {}).flatMap(([name, value]) => (value === null ? [] : [[name, value]])));

describe('docker-compose.yml', () => {
  it('is valid for Compose v2, and refuses to resolve without GATEWAY_AUTH_TOKEN', () => {
    const valid = runCompose(['config', '--quiet'], { GATEWAY_AUTH_TOKEN: TOKEN });
    assert.equal(valid.status, 0, valid.stderr);
    assert.equal(valid.stdout, '');
    const missing = runCompose(['config', '--quiet']);
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /GATEWAY_AUTH_TOKEN/);
  });

  it('runs Temporal on PostgreSQL with its UI, Qdrant, Redis, one gateway serve and two gateway workers', () => {
    const { services } = resolvedModel();
    assert.deepEqual(Object.keys(services).sort(), ['gateway', 'postgresql', 'qdrant', 'redis', 'temporal', 'temporal-ui', 'worker']);
    assert.deepEqual(services.gateway!.command, ['serve']);
    assert.deepEqual(services.worker!.command, ['worker']);
    assert.equal(services.worker!.deploy?.replicas, 2);
    for (const name of ['gateway', 'worker']) {
      const service = services[name]!;
      assert.equal(service.build?.context, project, `${name} is built from the Dockerfile beside the compose file`);
      assert.equal(service.build?.dockerfile, 'Dockerfile');
      assert.equal(service.image, services.gateway!.image, 'serve and workers run one image');
      assert.equal(service.user, undefined, `${name} keeps the image's non-root user`);
      assert.ok(service.volumes?.some((volume) => volume.target === '/data'), `${name} keeps DATA_DIR on a volume`);
    }

    const temporal = services.temporal!;
    assert.match(temporal.image!, /^temporalio\/auto-setup:\d+\.\d+\.\d+$/);
    const temporalEnvironment = environmentOf(temporal);
    assert.equal(temporalEnvironment.DB, 'postgres12');
    assert.equal(temporalEnvironment.DB_PORT, '5432');
    assert.equal(temporalEnvironment.POSTGRES_SEEDS, 'postgresql');
    const postgresEnvironment = environmentOf(services.postgresql!);
    assert.match(services.postgresql!.image!, /^postgres:\d+/);
    assert.equal(temporalEnvironment.POSTGRES_USER, postgresEnvironment.POSTGRES_USER);
    assert.equal(temporalEnvironment.POSTGRES_PWD, postgresEnvironment.POSTGRES_PASSWORD);
    assert.match(services['temporal-ui']!.image!, /^temporalio\/ui:\d+\.\d+\.\d+$/);
    assert.equal(environmentOf(services['temporal-ui']!).TEMPORAL_ADDRESS, 'temporal:7233');
    assert.match(services.qdrant!.image!, /^qdrant\/qdrant:v\d+/);
    assert.match(services.redis!.image!, /^redis:\d/);
    for (const service of Object.values(services)) {
      for (const port of service.ports ?? []) assert.equal(port.host_ip, '127.0.0.1', `port ${port.published} is published on loopback only`);
    }
  });

  it('starts each part after what it needs is healthy, and checks the health of every long-running part but the workers', () => {
    const { services } = resolvedModel();
    const conditions = (name: string) => Object.fromEntries(Object.entries(services[name]!.depends_on ?? {}).map(([dependency, { condition }]) => [dependency, condition]));
    assert.deepEqual(conditions('temporal'), { postgresql: 'service_healthy' });
    assert.deepEqual(conditions('temporal-ui'), { temporal: 'service_healthy' });
    for (const name of ['gateway', 'worker']) {
      assert.deepEqual(conditions(name), { temporal: 'service_healthy', redis: 'service_healthy', qdrant: 'service_healthy' }, name);
    }
    for (const name of ['postgresql', 'temporal', 'redis', 'qdrant', 'gateway']) {
      assert.ok((services[name]!.healthcheck?.test?.length ?? 0) > 1, `${name} has a healthcheck`);
    }
    assert.deepEqual(services.gateway!.healthcheck!.test, ['CMD', 'node', 'scripts/healthcheck.js']);
    assert.equal(services.worker!.healthcheck?.disable, true, 'a worker serves no /healthz');
    assert.match(services.temporal!.healthcheck!.test!.join(' '), /temporal operator namespace describe .*--namespace default/);
  });

  it('gives serve and workers the shared stores, in settings the gateway accepts', () => {
    const { services } = resolvedModel({ GATEWAY_AUTH_TOKEN: TOKEN, TEMPORAL_NAMESPACE: 'production' });
    for (const name of ['gateway', 'worker']) {
      const environment = environmentOf(services[name]!);
      assert.equal(environment.TEMPORAL_ADDRESS, 'temporal:7233');
      assert.equal(environment.TEMPORAL_NAMESPACE, 'production');
      const config = loadConfig(environment, path.join(project, 'no.env'));
      assert.equal(config.cache.type, 'redis');
      assert.equal(config.documents.blobStore, 'redis');
      assert.equal(new URL(config.cache.redisUrl!).hostname, 'redis');
      assert.equal(config.vectors.store, 'qdrant');
      assert.equal(new URL(config.vectors.qdrantUrl!).hostname, 'qdrant');
      assert.equal(config.dataDir, '/data');
    }
    const serve = loadConfig(environmentOf(services.gateway!), path.join(project, 'no.env'));
    assert.equal(serve.server.host, '0.0.0.0');
    assert.equal(serve.server.authToken, TOKEN);
    assert.ok(serve.server.allowedHosts.includes('127.0.0.1'), 'the healthcheck, which asks 127.0.0.1, passes the Host check');
    assert.equal(environmentOf(services.temporal!).DEFAULT_NAMESPACE, 'production', 'Temporal registers the namespace the gateway uses');
    assert.match(services.temporal!.healthcheck!.test!.join(' '), /--namespace production/);
  });
});

interface Instruction {
  keyword: string;
  argument: string;
}

/** Dockerfile instructions with continuation lines joined; comments and parser directives dropped. */
function parseDockerfile(text: string): Instruction[] {
  const logical = text.replace(/\\\n/g, ' ').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  return logical.map((line) => {
    const [keyword, ...rest] = line.split(/\s+/);
    return { keyword: keyword!.toUpperCase(), argument: rest.join(' ') };
  });
}

/**
 * What the CLI entry point reaches: the top-level folders of every module it imports, following relative
 * imports, and the npm packages those modules load at run time (`import type` is erased, so skipped).
 */
function reachedFrom(entries: string[]): { folders: Set<string>; packages: Set<string> } {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const pending = [...entries];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8').replace(/^\s*(import|export)\s+type\s[^;]*;/gm, '');
    for (const match of source.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)'([^']+)'/gm)) {
      const specifier = match[1]!;
      if (!specifier.startsWith('.')) {
        if (!specifier.startsWith('node:') && !builtinModules.includes(specifier)) packages.add(specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/'));
        continue;
      }
      const target = path.resolve(path.dirname(file), specifier);
      if (existsSync(target) && /\.(ts|js)$/.test(target)) pending.push(target);
    }
  }
  return { folders: new Set([...seen].map((file) => path.relative(ROOT, file).split(path.sep)[0]!)), packages };
}

describe('Dockerfile', () => {
  const instructions = parseDockerfile(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
  const stages = instructions.flatMap((instruction, index) => (instruction.keyword === 'FROM' ? [index] : []));
  const runtime = instructions.slice(stages.at(-1));

  it('installs from the lockfile in a build stage and copies every folder the gateway CLI imports', () => {
    assert.ok(stages.length >= 2, 'multi-stage');
    const runs = instructions.filter((instruction) => instruction.keyword === 'RUN').map((instruction) => instruction.argument);
    assert.ok(runs.some((run) => /\bnpm ci\b/.test(run)), 'npm ci');
    assert.ok(!runs.some((run) => /\bnpm install\b/.test(run)), 'never npm install');
    const copied = instructions.filter((instruction) => instruction.keyword === 'COPY').map((instruction) => instruction.argument);
    assert.ok(copied.some((argument) => argument.includes('package-lock.json')));
    const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; dependencies: Record<string, string> };
    // Workers bundle workflows/ from its sources at run time (the bundle cache is keyed by their hash).
    const reached = reachedFrom([path.join(ROOT, packageJson.bin.gateway!), path.join(ROOT, 'workflows', 'index.ts')]);
    for (const folder of reached.folders) {
      assert.ok(copied.some((argument) => argument.split(/\s+/).some((source) => source === folder || source.startsWith(`${folder}/`))), `the image lacks ${folder}/`);
    }
    assert.ok(runs.some((run) => /\bnpm ci\b.*--omit=dev/.test(run)), 'the image installs runtime dependencies only');
    for (const name of reached.packages) assert.ok(name in packageJson.dependencies, `${name} is loaded at run time but is not in dependencies (npm ci --omit=dev leaves it out)`);
    assert.ok(['@temporalio/worker', '@temporalio/workflow', 'tsx'].every((name) => reached.packages.has(name)), `packages found: ${[...reached.packages].join(', ')}`);
    assert.ok(['bin', 'cli', 'core', 'mcp', 'worker', 'workflows', 'activities'].every((folder) => reached.folders.has(folder)), `folders found: ${[...reached.folders].join(', ')}`);
    const bundle = runs.find((run) => run.includes('build-workflow-bundle'));
    assert.ok(bundle, 'the workflow bundle is built at image build time');
    assert.ok(existsSync(path.join(ROOT, bundle.split(/\s+/).find((word) => word.includes('build-workflow-bundle'))!)));
  });

  it('runs as a non-root user, checks /healthz, and starts a command the CLI has', () => {
    const users = runtime.filter((instruction) => instruction.keyword === 'USER').map((instruction) => instruction.argument);
    assert.ok(users.length > 0, 'the final stage sets USER');
    assert.ok(!['root', '0', '0:0'].includes(users.at(-1)!), `runs as ${users.at(-1)}`);
    const healthcheck = runtime.find((instruction) => instruction.keyword === 'HEALTHCHECK');
    assert.match(healthcheck?.argument ?? '', /CMD \["node", "scripts\/healthcheck\.js"\]/);
    assert.match(readFileSync(path.join(ROOT, 'scripts', 'healthcheck.js'), 'utf8'), /healthz/);
    const entrypoint = JSON.parse(runtime.find((instruction) => instruction.keyword === 'ENTRYPOINT')!.argument) as string[];
    const command = JSON.parse(runtime.find((instruction) => instruction.keyword === 'CMD')!.argument) as string[];
    const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    assert.deepEqual(entrypoint, ['node', packageJson.bin.gateway]);
    // The modes the CLI dispatches to a server process (scale-out.test.ts runs `serve` and `worker` for real).
    const cli = readFileSync(path.join(ROOT, 'cli', 'main.ts'), 'utf8');
    const serverModes = /((?:\s*case '[a-z]+':)+)\s*return runServer\(command/.exec(cli)?.[1]?.match(/'[a-z]+'/g)?.map((mode) => mode.slice(1, -1)) ?? [];
    for (const mode of [command[0]!, 'worker']) assert.ok(serverModes.includes(mode), `gateway ${mode} starts a server process (modes: ${serverModes.join(', ')})`);
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim());
    for (const entry of ['node_modules', '.env', '.tools', 'data']) assert.ok(ignored.includes(entry), `.dockerignore keeps ${entry} out of the image`);
  });
});
