import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite is a database inside one process: a second process opening the same directory would run a
 * second, unaware PostgreSQL over the same files and lose one side's writes. The lock file holds the
 * owner's pid; a lock whose process is gone (a crash, SIGKILL) is taken over.
 */
const heldHere = new Set<string>();

export function lockDataDir(dir: string): () => void {
  const path = join(dir, 'seed.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(path);
      return () => {
        heldHere.delete(path);
        rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(path, 'utf8'));
      // Our own pid counts as alive only if this process holds the lock: in a container the same pid
      // comes back after a crash, and that old lock is stale.
      const ownedByLiveProcess = owner === process.pid ? heldHere.has(path) : isAlive(owner);
      if (ownedByLiveProcess) {
        throw new Error(
          `DATA_DIR: the embedded database in ${dir} is in use by process ${owner} (a running \`npm start\`?). ` +
            'Stop that process first, or point DATABASE_URL at PostgreSQL to share a database between processes.',
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new Error(`DATA_DIR: could not lock ${path}`);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
