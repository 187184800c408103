// Reads typed values out of an environment, collecting every problem instead of stopping at the
// first, so a misconfigured deployment learns everything that is wrong in one start-up.
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Record<string, string | undefined>) {}

  string(name: string, fallback?: string): string {
    const value = this.env[name]?.trim();
    if (value) return value;
    if (fallback !== undefined) return fallback;
    this.problems.push(`${name} is required`);
    return '';
  }

  optionalString(name: string): string | undefined {
    return this.env[name]?.trim() || undefined;
  }

  int(name: string, fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
    const raw = this.env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.env[name]?.trim().toLowerCase();
    if (!raw) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    this.problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  }

  url(name: string, protocols: string[], fallback?: string): string {
    const value = this.string(name, fallback);
    if (!value) return value;
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) this.problems.push(`${name} must use ${protocols.join(' or ')}`);
    } catch {
      this.problems.push(`${name} is not a valid URL`);
    }
    return value;
  }

  /** `name=value` entries separated by commas or whitespace, e.g. `main=postgresql://pg1,eu=postgresql://pg2`. */
  pairs(name: string): { key: string; value: string }[] {
    return (this.env[name] ?? '')
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((pair) => {
        const separator = pair.indexOf('=');
        if (separator <= 0) this.problems.push(`${name} entry "${pair}" must be name=value`);
        return { key: pair.slice(0, Math.max(separator, 0)), value: pair.slice(separator + 1) };
      });
  }

  check(condition: boolean, problem: string): void {
    if (!condition) this.problems.push(problem);
  }
}
