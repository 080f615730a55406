const WIDTH = 30;

/** A one-line progress bar on stderr (stdout stays clean for the final JSON line); quiet when not a TTY. */
export function renderProgress(label: string, done: number, total: number): void {
  if (!process.stderr.isTTY) return;
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(share * WIDTH);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}`;
  process.stderr.write(`\r${label} [${bar}] ${done}/${total}${done >= total ? '\n' : ''}`);
}
