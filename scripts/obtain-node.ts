// The test suites also run on the Node.js majors a new user may have (22, 24): npm's `node` package
// ships the runtime binary, so each one is fetched once into .tools/node-<major>, never as a
// dependency of the project.
import path from 'node:path';
import { installIntoPlace, isExecutable, PROJECT_TOOLS_DIR, runCapturing } from '../core/tools/project-tools.ts';

const INSTALL_TIMEOUT_MS = 15 * 60_000;

function nodeBinary(directory: string): string {
  return path.join(directory, 'node_modules', 'node', 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
}

/** npm itself: the one running `npm test` when there is one, else npm on PATH. */
function npmCommand(): { command: string; args: string[] } {
  const npmCli = process.env.npm_execpath;
  return npmCli && npmCli.endsWith('.js') ? { command: process.execPath, args: [npmCli] } : { command: 'npm', args: [] };
}

export async function obtainNodeBinary(major: string, options: { announce: (line: string) => void; toolsDirectory?: string }): Promise<string> {
  if (!/^\d+$/.test(major)) throw new Error(`TEST_NODE_VERSIONS: "${major}" is not a Node.js major version such as 22`);
  const directory = path.join(options.toolsDirectory ?? PROJECT_TOOLS_DIR, `node-${major}`);
  if (isExecutable(nodeBinary(directory))) return nodeBinary(directory);
  options.announce(`fetching Node.js ${major} (npm package node@${major}, about 50 MB, once) into ${directory}`);
  await installIntoPlace(directory, (folder) => isExecutable(nodeBinary(folder)), async (staging) => {
    const npm = npmCommand();
    const { code, output } = await runCapturing(
      npm.command,
      [...npm.args, 'install', '--prefix', staging, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', `node@${major}`],
      process.env,
      INSTALL_TIMEOUT_MS,
    );
    if (code !== 0 || !isExecutable(nodeBinary(staging))) {
      throw new Error(`\`npm install node@${major}\` did not provide a node binary (exit ${code ?? 'none'}):\n${output.trim()}`);
    }
  });
  return nodeBinary(directory);
}
