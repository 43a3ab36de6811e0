/**
 * One server per state directory: a `lock` file holding the owner's pid, created exclusively.
 * A lock left by a process that no longer runs (kill -9) is taken over.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Whether a process with this pid runs (EPERM: it runs, as another user). */
export const processAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export function takeLock(dir: string): void {
  const path = join(dir, 'lock');
  try {
    writeFileSync(path, String(process.pid), { flag: 'wx' });
    return;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const pid = Number(readFileSync(path, 'utf8'));
  if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid))
    throw new Error(`The state directory ${dir} is in use by process ${pid}; one server per state directory (set STATE_DIR to another).`);
  writeFileSync(path, String(process.pid));
}

export function releaseLock(dir: string): void {
  const path = join(dir, 'lock');
  try {
    if (Number(readFileSync(path, 'utf8')) === process.pid) rmSync(path);
  } catch {
    // already gone
  }
}
