// Which isolation this machine allows for generated code, found out at run time by trying it:
// bubblewrap, else an unprivileged user + network + pid namespace through unshare, else a plain child
// process. Resource limits come from prlimit when it works. The result is reported with every run.
import { spawnSync } from 'node:child_process';

export type IsolationKind = 'bwrap' | 'unshare' | 'process';

export interface Isolation {
  kind: IsolationKind;
  /** true when the child runs in its own network namespace (no interfaces but loopback). */
  network_cut: boolean;
  /** Per-process limits on CPU time, address space, file size and open files (prlimit). */
  resource_limits: boolean;
}

export interface IsolationPlan extends Isolation {
  /** Arguments placed before the command; `{dir}` is the run's own directory. */
  wrapper(directory: string): string[];
  limits(options: { cpuSeconds: number; addressSpaceBytes: number }): string[];
}

const PROBE_TIMEOUT_MS = 5_000;

function works(command: string, args: string[]): boolean {
  try {
    const result = spawnSync(command, args, { stdio: 'ignore', timeout: PROBE_TIMEOUT_MS, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    return result.status === 0;
  } catch {
    return false;
  }
}

const BWRAP_BASE = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp', '--unshare-all', '--die-with-parent', '--new-session'];
const UNSHARE_BASE = ['-r', '-n', '--fork', '--pid', '--mount-proc', '--kill-child'];

export function detectIsolation(): IsolationPlan {
  const limited = works('prlimit', ['--cpu=1', '--', 'true']);
  const limits = (options: { cpuSeconds: number; addressSpaceBytes: number }) =>
    limited ? ['prlimit', `--cpu=${options.cpuSeconds}`, `--as=${options.addressSpaceBytes}`, '--fsize=16777216', '--nofile=256', '--core=0', '--'] : [];
  if (works('bwrap', [...BWRAP_BASE, 'true'])) {
    return { kind: 'bwrap', network_cut: true, resource_limits: limited, wrapper: (directory) => ['bwrap', ...BWRAP_BASE, '--bind', directory, directory, '--chdir', directory, '--'], limits };
  }
  if (works('unshare', [...UNSHARE_BASE, '--', 'true'])) {
    return { kind: 'unshare', network_cut: true, resource_limits: limited, wrapper: () => ['unshare', ...UNSHARE_BASE, '--'], limits };
  }
  return { kind: 'process', network_cut: false, resource_limits: limited, wrapper: () => [], limits };
}
