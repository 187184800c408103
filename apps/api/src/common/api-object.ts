import { ApiProperty } from '@nestjs/swagger';

// Every object the API returns names its type in `object` (Stripe's convention: `customer`,
// `invoice`, `list`, …), so a client holding a bare JSON value knows what it is. A response DTO
// gets the field, its OpenAPI schema (a named single-value enum) and the way to build it from one
// place: `class CustomerDto extends ApiObject('customer') { … }`, then `CustomerDto.of({ …fields })`.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AbstractClass<T = object> = abstract new (...args: any[]) => T;

/** A DTO without fields of its own to extend. */
class NoFields {}

/** `invoice_line` → `InvoiceLineObject`: the enum's schema name (generators make one type of each). */
const enumNameOf = (name: string) => `${name.replace(/(^|_)([a-z])/g, (_, _underscore: string, letter: string) => letter.toUpperCase())}Object`;

/**
 * The base class of a response DTO whose `object` is `name`; `fields` is the class of its other
 * fields when two object types share them (a receipt has a payment's fields).
 */
export function ApiObject<const Name extends string, Fields extends AbstractClass = typeof NoFields>(name: Name, fields: Fields = NoFields as unknown as Fields) {
  abstract class ApiObjectDto extends fields {
    @ApiProperty({ enum: [name], enumName: enumNameOf(name), description: `The type of this object: always \`${name}\`` })
    readonly object!: Name;

    /** The object's name, e.g. for a response schema. */
    static readonly objectName: Name = name;

    /** The fields as this object: `{ object: name, ...fields }`. */
    static of<T extends { readonly object: Name }>(this: AbstractClass<T>, values: Omit<T, 'object'>): T {
      return { object: name, ...values } as unknown as T;
    }
  }
  return ApiObjectDto;
}

/** What every list carries beside `data`. */
export class ApiList extends ApiObject('list') {}

/** A list of `data` mapped by `toItem`, with the page's other fields (`nextCursor`, `hasMore`) as they are. */
export function listOf<Page extends { readonly data: readonly unknown[] }, Item>(page: Page, toItem: (row: Page['data'][number]) => Item): Omit<Page, 'data'> & { object: 'list'; data: Item[] } {
  return { object: 'list', ...page, data: page.data.map((row) => toItem(row)) };
}
