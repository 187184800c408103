// Typed reading of provider JSON (API responses and webhook bodies). Every field an adapter
// relies on is checked at the edge, and a missing or mistyped one fails with its JSON path.

import { ProviderError, WebhookSignatureError } from '../errors';

export type FieldFailure = (path: string, problem: string) => Error;

export const invalidResponse =
  (provider: string): FieldFailure =>
  (path, problem) =>
    new ProviderError(provider, 200, 'invalid_response', `response field ${path} ${problem}`);

export const malformedWebhook =
  (provider: string): FieldFailure =>
  (path, problem) =>
    new WebhookSignatureError(provider, 'malformed', `field ${path} ${problem}`);

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class Fields {
  private constructor(
    private readonly value: Readonly<Record<string, unknown>>,
    readonly path: string,
    private readonly fail: FieldFailure,
  ) {}

  static of(value: unknown, path: string, fail: FieldFailure): Fields {
    if (!isRecord(value)) throw fail(path, 'is not an object');
    return new Fields(value, path, fail);
  }

  /** Parses a webhook body; anything but a JSON object is malformed. */
  static parseJson(rawBody: Buffer, fail: FieldFailure): Fields {
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawBody.toString('utf8'));
    } catch {
      throw fail('body', 'is not JSON');
    }
    return Fields.of(parsed, 'body', fail);
  }

  get source(): Readonly<Record<string, unknown>> {
    return this.value;
  }

  raw(key: string): unknown {
    return this.value[key];
  }

  string(key: string): string {
    const found = this.optionalString(key);
    if (found === undefined || found === '') throw this.fail(this.at(key), 'is missing or not a string');
    return found;
  }

  /** Strings as is; numbers as their decimal text (Paystack and Flutterwave ids are numbers). */
  optionalString(key: string): string | undefined {
    const found = this.value[key];
    if (typeof found === 'string') return found;
    if (typeof found === 'number' && Number.isFinite(found)) return String(found);
    return undefined;
  }

  object(key: string): Fields {
    return Fields.of(this.value[key], this.at(key), this.fail);
  }

  optionalObject(key: string): Fields | undefined {
    return isRecord(this.value[key]) ? this.object(key) : undefined;
  }

  array(key: string): Fields[] {
    const found = this.value[key];
    if (!Array.isArray(found)) throw this.fail(this.at(key), 'is not an array');
    return found.map((item, index) => Fields.of(item, `${this.at(key)}[${index}]`, this.fail));
  }

  /** Fails at this object's path (for checks that are not about one field). */
  failure(problem: string): Error {
    return this.fail(this.path, problem);
  }

  failureAt(key: string, problem: string): Error {
    return this.fail(this.at(key), problem);
  }

  private at(key: string): string {
    return `${this.path}.${key}`;
  }
}

/** ISO-8601 or epoch-seconds timestamps from provider JSON; undefined when absent or unreadable. */
export function optionalDate(value: unknown): Date | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value * 1000);
  if (typeof value === 'string' && value !== '') {
    const parsed = new Date(value);
    return Number.isNaN(parsed.getTime()) ? undefined : parsed;
  }
  return undefined;
}

/** A non-empty string, or undefined (for optional fields of error envelopes and the like). */
export function textOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
