/** Minimal `--flag value` parser: the CLIs take a handful of paths and numbers, not worth a dependency. */
export function parseCliArgs(argv: readonly string[], known: readonly string[]): Map<string, string[]> {
  const args = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (!flag.startsWith('--')) throw new Error(`Unexpected argument "${flag}"; expected --flag value`);
    const name = flag.slice(2);
    if (!known.includes(name))
      throw new Error(`Unknown option --${name}; known: ${known.map((k) => `--${k}`).join(', ')}`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`Option --${name} needs a value`);
    args.set(name, [...(args.get(name) ?? []), value]);
    i++;
  }
  return args;
}

export function requiredArg(args: Map<string, string[]>, name: string): string {
  const value = args.get(name)?.[0];
  if (value === undefined) throw new Error(`Missing required option --${name}`);
  return value;
}

export function optionalArg(args: Map<string, string[]>, name: string): string | undefined {
  return args.get(name)?.[0];
}

/** Runs a CLI body and turns any thrown error into one readable line and exit code 1. */
export function runCli(main: () => Promise<void> | void): void {
  Promise.resolve()
    .then(main)
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
      process.exitCode = 1;
    });
}
