import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * A domain rule as a DTO constraint: `problem` is the domain's own check (`intervalCountProblem`,
 * `invoicePrefixProblem`, …), returning why the value is refused as a phrase after the field name,
 * or null. The DTO answers 400 naming the field with the domain's reason, so the API and the code
 * that later uses the value cannot disagree.
 */
export function SatisfiesDomainRule(name: string, problem: (value: unknown, object: Record<string, unknown>) => string | null, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name,
      validator: {
        validate: (value, args) => problem(value, (args?.object ?? {}) as Record<string, unknown>) === null,
        defaultMessage: (args) => `${args?.property ?? 'value'} ${problem(args?.value, (args?.object ?? {}) as Record<string, unknown>) ?? 'is invalid'}`,
      },
    },
    options,
  );
}
