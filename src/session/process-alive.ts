/**
 * Whether a process with this id runs on this host. `EPERM` means it runs under another user. A zombie (killed but
 * not yet reaped by its parent) still counts as running; lock staleness by heartbeat covers that case.
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
