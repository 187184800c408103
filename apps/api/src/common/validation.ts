import { DomainError, ErrorCode, FieldProblem, METADATA_LIMITS, metadataProblem } from '@nova/domain';
import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiPropertyOptions } from '@nestjs/swagger';
import { ValidationOptions, isUUID, registerDecorator } from 'class-validator';

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** A 400 naming the fields; class-validator's messages name their field already, ours do not. */
function rejected(fields: FieldProblem[], messagesNameField = false): BadRequestException {
  const message = fields.map((problem) => (messagesNameField ? problem.message : `${problem.field}: ${problem.message}`)).join('; ');
  return new BadRequestException({ code: ErrorCode.ValidationFailed, message, fields });
}

// NUL (PostgreSQL text cannot hold it) and UTF-16 surrogates without their other half (not
// encodable as UTF-8; validators and drivers crash on them).
const UNSTORABLE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `a\u0000b` as the six characters `\u0000`, so that a field name can be shown and stored. */
const escapeUnstorable = (text: string) => text.replace(new RegExp(UNSTORABLE_TEXT.source, 'g'), (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);

const childPath = (parent: string, key: string | number) => (typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key);

// Any NUL or surrogate at all: cheap to test, and true for almost no string, so the exact
// (paired-surrogate) test and the field path are only worked out when it is.
const SUSPECT_TEXT = /[\u0000\uD800-\uDFFF]/;

const unstorable = (text: string) => SUSPECT_TEXT.test(text) && UNSTORABLE_TEXT.test(text);

const pathOf = (keys: readonly (string | number)[]) => keys.reduce<string>((path, key) => childPath(path, key), '');

/** Every string (values and keys, at any depth) that no text column could store, by field path. */
export function unstorableText(value: unknown, root: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const keys: (string | number)[] = root ? [root] : [];
  const walk = (node: unknown, depth: number): void => {
    if (problems.length >= 20) return;
    if (typeof node === 'string') {
      if (unstorable(node)) problems.push({ field: pathOf(keys) || 'body', message: node.includes('\u0000') ? 'must not contain NUL characters' : 'must be valid Unicode (no unpaired surrogates)' });
      return;
    }
    // Nesting deeper than this is refused by the DTO rules that allow nesting at all.
    if (typeof node !== 'object' || node === null || depth >= 64 || Buffer.isBuffer(node)) return;
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) {
        keys.push(index);
        walk(node[index], depth + 1);
        keys.pop();
      }
      return;
    }
    for (const key of Object.keys(node)) {
      keys.push(key);
      if (unstorable(key)) problems.push({ field: escapeUnstorable(pathOf(keys)), message: 'field names must be valid Unicode without NUL characters' });
      else walk((node as Record<string, unknown>)[key], depth + 1);
      keys.pop();
    }
  };
  walk(value, 0);
  return problems;
}

const SWAGGER_PROPERTIES = 'swagger/apiModelProperties';

/**
 * `null` is a value only where the API documents the property as nullable; anywhere else it would
 * reach a NOT NULL column or a conversion (BigInt(null)) and fail as a 500.
 */
function unexpectedNulls(value: unknown, path: string, problems: FieldProblem[] = [], depth = 0): FieldProblem[] {
  if (typeof value !== 'object' || value === null || depth > 8) return problems;
  if (Array.isArray(value)) {
    value.forEach((item, index) => unexpectedNulls(item, childPath(path, index), problems, depth + 1));
    return problems;
  }
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (!prototype || prototype === Object.prototype) return problems; // free-form objects (metadata) have rules of their own
  for (const [key, item] of Object.entries(value)) {
    const documented = Reflect.getMetadata(SWAGGER_PROPERTIES, prototype, key) as { nullable?: boolean } | undefined;
    if (item === null && !documented?.nullable) problems.push({ field: childPath(path, key), message: 'must not be null (omit it instead)' });
    else unexpectedNulls(item, childPath(path, key), problems, depth + 1);
  }
  return problems;
}

/**
 * Strict DTO validation: unknown fields are rejected, and every 400 names the offending fields.
 * Before any DTO rule, text that PostgreSQL cannot store (NUL, broken Unicode) is rejected in
 * every string of every body, query and path param, keys included; after them, `null` where the
 * DTO does not document it as nullable.
 */
class StrictValidationPipe extends ValidationPipe {
  /** Per query DTO, the validated fields of recently seen query strings (see validQuery). */
  private readonly queries = new WeakMap<object, Map<string, Record<string, unknown>>>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') return super.transform(value, metadata);
    if (metadata.type === 'query' && metadata.metatype) return this.validQuery(value, metadata, metadata.metatype);
    return this.validated(value, metadata);
  }

  /**
   * A query is validated once per distinct query string: clients repeat the same list query (a
   * page size, a filter) and the outcome depends on the values alone, while class-transformer and
   * class-validator cost a read request more than its SQL (bench/RESULTS.md, issue 11). Only
   * answers whose fields are all plain values are kept, and each request gets its own instance.
   */
  private async validQuery(value: unknown, metadata: ArgumentMetadata, metatype: NonNullable<ArgumentMetadata['metatype']>): Promise<unknown> {
    const key = JSON.stringify(value);
    if (key === undefined || key.length > MEMO_KEY_MAX_LENGTH) return this.validated(value, metadata);
    let seen = this.queries.get(metatype);
    const fields = seen?.get(key);
    if (fields) return Object.assign(Object.create(metatype.prototype as object) as object, fields);
    const transformed = await this.validated(value, metadata);
    if (typeof transformed === 'object' && transformed !== null && Object.values(transformed).every(isPlainValue)) {
      if (!seen) this.queries.set(metatype, (seen = new Map()));
      if (seen.size >= MEMO_QUERIES_PER_DTO) seen.clear();
      seen.set(key, { ...transformed });
    }
    return transformed;
  }

  private async validated(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A raw text body (CSV uploads) is parsed, with its own line-numbered errors, by its endpoint.
    if (!(metadata.type === 'body' && typeof value === 'string')) {
      const problems = unstorableText(value, metadata.data ?? '');
      if (problems.length) throw rejected(problems);
    }
    const transformed = await super.transform(value, metadata);
    const nulls = metadata.type === 'body' ? unexpectedNulls(transformed, metadata.data ?? '') : [];
    if (nulls.length) throw rejected(nulls);
    return transformed;
  }
}

/** Distinct query strings remembered per query DTO (then it starts over), and the longest one. */
const MEMO_QUERIES_PER_DTO = 1000;
const MEMO_KEY_MAX_LENGTH = 1024;

const isPlainValue = (value: unknown) => value === undefined || value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => rejected(flatten(errors), true),
  });
}

/** `@Param('id', ParseUuidPipe)`: like Nest's but the 400 names the param. */
@Injectable()
export class ParseUuidPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !isUUID(value)) throw DomainError.validation(metadata.data ?? 'id', 'must be a UUID');
    return value;
  }
}

export const METADATA_PROPERTY: ApiPropertyOptions = {
  type: 'object',
  additionalProperties: { oneOf: [{ type: 'string', maxLength: METADATA_LIMITS.valueLength }, { type: 'number' }, { type: 'boolean' }] },
  maxProperties: METADATA_LIMITS.keys,
  description: `Flat key-value pairs: at most ${METADATA_LIMITS.keys} keys of up to ${METADATA_LIMITS.keyLength} characters; values are strings of up to ${METADATA_LIMITS.valueLength} characters, numbers or booleans. On an update, the keys given are set, a key given an empty string is removed, others stay`,
};

/** A flat key-value object within METADATA_LIMITS (≤ 50 keys, key ≤ 40, value ≤ 500 characters). */
export function IsMetadata(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isMetadata',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => metadataProblem(value) === null,
        defaultMessage: (args) => `${args?.property} ${metadataProblem(args?.value)}`,
      },
    });
}
