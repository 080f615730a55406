import { existsSync } from 'node:fs';
import { Browser, chromium } from 'playwright-core';

/** Debian's package: CI installs it before both test passes (`apt-get install -y chromium`). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/**
 * Headless Chromium for the browser tests. There is no skip path: a machine without Chromium fails the
 * test with the command that fixes it, in every mode, so a CI image that lost the package never passes
 * by testing less.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install chromium: apt-get install -y chromium`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
