// Whether a process is still running: signal 0 checks without sending anything. EPERM means it
// runs under another user, so it is alive all the same.
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
