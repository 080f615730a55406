const WIDTH = 30;

/**
 * A one-line progress bar on stderr (stdout stays clean for the final JSON line); quiet when not a TTY.
 * `detail` follows the counts (e.g. chunks and failures); the rest of the line is cleared each time.
 */
export function renderProgress(label: string, done: number, total: number, detail = ''): void {
  if (!process.stderr.isTTY) return;
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(share * WIDTH);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}`;
  const suffix = detail ? ` ${detail}` : '';
  process.stderr.write(`\r${label} [${bar}] ${done}/${total}${suffix}\x1b[K${done >= total ? '\n' : ''}`);
}
