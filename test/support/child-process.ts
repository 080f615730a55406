import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { waitFor } from './wait-for';

const ROOT = join(__dirname, '../..');

/** A long-running TypeScript process of the project whose output the test reads while it runs. */
export class RunningProcess {
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;

  constructor(entry: string, env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', entry], { cwd: ROOT, env });
    this.child.stdout?.on('data', (chunk) => (this.output += chunk));
    this.child.stderr?.on('data', (chunk) => (this.output += chunk));
    this.exited = new Promise((done) => this.child.on('exit', (code, signal) => done({ code, signal })));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Waits for a line matching `pattern` and returns its match. */
  async waitForLine(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
    let exited = false;
    void this.exited.then(() => (exited = true));
    return waitFor(
      `output ${pattern} from pid ${this.pid}`,
      () => {
        const match = this.output.match(pattern);
        if (!match && exited) throw new Error(`process exited before printing it:\n${this.output}`);
        return match;
      },
      { timeoutMs, intervalMs: 20 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n--- process output ---\n${this.output}`);
    });
  }

  /** Sends `signal` and waits for the exit; SIGKILL if it has not exited within `timeoutMs`. */
  async stop(
    signal: NodeJS.Signals,
    timeoutMs = 20_000,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The parent's environment without the variables that choose a database or a queue. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['DATABASE_URL', 'DATA_DIR', 'REDIS_URL', 'TEST_DATABASE_URL']) delete env[name];
  return { ...env, ...extra };
}
