import { ValidateBy, ValidationOptions } from 'class-validator';
import { passwordProblem } from '@nova/domain';

/** The domain's password rule (length in code points, not blank, not a common password) as a DTO constraint: 400 naming the field and the reason. */
export function IsAcceptablePassword(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAcceptablePassword',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && passwordProblem(value) === null,
        defaultMessage: (args) => `${args?.property ?? 'password'} ${typeof args?.value === 'string' ? passwordProblem(args.value) : 'must be a string'}`,
      },
    },
    options,
  );
}
