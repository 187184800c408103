/**
 * Bad input to a domain function. `field` names the offending input (e.g. `lines[2].quantity`) so an API layer
 * can turn it into a 400 response that points at the right field without parsing the message.
 */
export class DomainValidationError extends Error {
  override readonly name: string = 'DomainValidationError';

  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}
