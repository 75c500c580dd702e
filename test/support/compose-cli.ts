// A real Compose implementation for validating docker-compose.yml without a Docker engine: Compose v2
// (`docker compose` as a standalone binary). Found as COMPOSE_CLI_PATH, a v2 `docker-compose` on PATH,
// or the project's own copy in .tools/compose/, which is otherwise built once from Compose's Go module
// with the machine's Go toolchain (its exclude directives rule out `go install module@version`).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { findOnPath, installIntoPlace, isExecutable, PROJECT_TOOLS_DIR, runCapturing } from '../../core/tools/project-tools.ts';

export const COMPOSE_MODULE = 'github.com/docker/compose/v2';
export const COMPOSE_VERSION = 'v2.40.3';
export const PROJECT_COMPOSE_DIR = path.join(PROJECT_TOOLS_DIR, `compose-${COMPOSE_VERSION}`);
const BUILD_TIMEOUT_MS = 30 * 60_000;

export interface ObtainComposeOptions {
  environment?: NodeJS.ProcessEnv;
  toolsDirectory?: string;
  announce?: (line: string) => void;
}

const binaryIn = (directory: string) => path.join(directory, 'docker-compose');

/** The major version a Compose binary reports, e.g. 2 for "v2.40.3" (v1 says "1.29.2"). */
export function composeMajorVersion(binary: string, environment: NodeJS.ProcessEnv = process.env): number | undefined {
  const result = spawnSync(binary, ['version', '--short'], { env: environment, encoding: 'utf8', timeout: 30_000 });
  const match = /^v?(\d+)\./.exec((result.stdout ?? '').trim());
  return result.status === 0 && match ? Number(match[1]) : undefined;
}

export async function obtainComposeCli(options: ObtainComposeOptions = {}): Promise<string> {
  const environment = options.environment ?? process.env;
  const configured = environment.COMPOSE_CLI_PATH;
  if (configured) {
    if (isExecutable(configured) && (composeMajorVersion(configured, environment) ?? 0) >= 2) return configured;
    throw new Error(`COMPOSE_CLI_PATH=${configured}: not a Compose v2 binary (\`${configured} version --short\` must print v2.x or later); point it at one, or unset it`);
  }
  const onPath = findOnPath('docker-compose', environment.PATH);
  if (onPath && (composeMajorVersion(onPath, environment) ?? 0) >= 2) return onPath;
  const directory = options.toolsDirectory ?? PROJECT_COMPOSE_DIR;
  if (isExecutable(binaryIn(directory))) return binaryIn(directory);
  const go = findOnPath('go', environment.PATH);
  if (!go) {
    throw new Error(
      `No Compose v2 for the docker-compose.yml test: COMPOSE_CLI_PATH is unset, no v2 docker-compose is on PATH, and there is no Go toolchain to build ${COMPOSE_MODULE}@${COMPOSE_VERSION} with.\n` +
        'Fix: install Go (https://go.dev/dl, or apt-get install golang), or set COMPOSE_CLI_PATH to a Compose v2 binary.',
    );
  }
  (options.announce ?? ((line) => process.stderr.write(`${line}\n`)))(
    `Compose v2 not found: building ${COMPOSE_MODULE}@${COMPOSE_VERSION} with ${go} (once, a few minutes) into ${directory}`,
  );
  await installIntoPlace(directory, (folder) => isExecutable(binaryIn(folder)), async (staging) => {
    const download = await runCapturing(go, ['mod', 'download', '-json', `${COMPOSE_MODULE}@${COMPOSE_VERSION}`], environment, BUILD_TIMEOUT_MS);
    if (download.code !== 0) throw new Error(`\`go mod download ${COMPOSE_MODULE}@${COMPOSE_VERSION}\` failed:\n${download.output.trim()}`);
    const moduleDirectory = /"Dir":\s*"([^"]+)"/.exec(download.output)?.[1];
    if (!moduleDirectory) throw new Error(`\`go mod download\` named no folder for ${COMPOSE_MODULE}@${COMPOSE_VERSION}:\n${download.output.trim()}`);
    const build = await runCapturing(
      go,
      ['-C', moduleDirectory, 'build', '-trimpath', '-ldflags', `-s -w -X github.com/docker/compose/v2/internal.Version=${COMPOSE_VERSION}`, '-o', binaryIn(staging), './cmd'],
      environment,
      BUILD_TIMEOUT_MS,
    );
    if (build.code !== 0 || !isExecutable(binaryIn(staging))) throw new Error(`building Compose ${COMPOSE_VERSION} failed (exit ${build.code ?? 'none'}):\n${build.output.trim()}`);
  });
  return binaryIn(directory);
}
