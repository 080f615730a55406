import { ModelSpec } from './model-spec';

/**
 * Reads the `@key=value` options of one spec, collecting every problem instead of stopping at the
 * first, and rejecting options nobody reads (a typo such as `dtpye=q8` must not silently do nothing).
 */
export class OptionReader {
  readonly problems: string[] = [];
  private readonly read = new Set<string>();

  constructor(
    readonly variable: string,
    readonly spec: ModelSpec,
  ) {}

  problem(message: string): void {
    this.problems.push(`${this.variable}: ${message}`);
  }

  string(key: string): string | undefined {
    this.read.add(key);
    return this.spec.options[key];
  }

  int(key: string, fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER): number {
    return this.optionalInt(key, min, max) ?? fallback;
  }

  optionalInt(key: string, min = 1, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const raw = this.string(key);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (Number.isInteger(value) && value >= min && value <= max) return value;
    this.problem(`option ${key}=${raw} must be a whole number from ${min} to ${max}`);
    return undefined;
  }

  choice<T extends string>(key: string, choices: readonly T[], fallback: T): T {
    const raw = this.string(key);
    if (raw === undefined) return fallback;
    if ((choices as readonly string[]).includes(raw)) return raw as T;
    this.problem(`option ${key}=${raw} must be one of ${choices.join(', ')}`);
    return fallback;
  }

  bool(key: string, fallback: boolean): boolean {
    const raw = this.string(key);
    if (raw === undefined) return fallback;
    if (raw === 'true' || raw === 'false') return raw === 'true';
    this.problem(`option ${key}=${raw} must be true or false`);
    return fallback;
  }

  /** Call after reading every option the provider knows. */
  rejectUnknown(): void {
    const unknown = Object.keys(this.spec.options).filter((key) => !this.read.has(key));
    if (unknown.length === 0) return;
    const known = [...this.read].sort().join(', ') || 'none';
    this.problem(`unknown option ${unknown.join(', ')} for ${this.spec.provider}:${this.spec.model} (known: ${known})`);
  }
}
