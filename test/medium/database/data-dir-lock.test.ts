import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@app/core';
import { ROOT } from '../../support/run-process';

const open = (dataDir: string) => openDatabase({ dataDir, poolSize: 1, connectTimeoutMs: 1_000 });

describe('embedded data directory lock', () => {
  let dataDir: string;

  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'seed-lock-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a second opener in the same process until the first closes', async () => {
    const first = await open(dataDir);
    await expect(open(dataDir)).rejects.toThrow(/DATA_DIR: the embedded database in .* is in use by process \d+/);
    await first.close();
    const second = await open(dataDir);
    await second.close();
  });

  it('refuses while another process holds it, and takes over once that process is killed', async () => {
    const holder = spawn(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        '-e',
        `require('./libs/core/src').openDatabase({ dataDir: ${JSON.stringify(dataDir)}, poolSize: 1, connectTimeoutMs: 1000 }).then(() => console.log('open'))`,
      ],
      { cwd: ROOT },
    );
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (chunk) => String(chunk).includes('open') && resolve());
      holder.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
    });
    try {
      await expect(open(dataDir)).rejects.toThrow(new RegExp(`in use by process ${holder.pid}`));
    } finally {
      holder.removeAllListeners('exit');
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
    }
    const reopened = await open(dataDir);
    const { rows } = await reopened.pool.query('SELECT 1 AS ok');
    expect(rows[0].ok).toBe(1);
    await reopened.close();
  }, 60_000);
});
