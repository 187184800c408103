import { FastifyAdapter } from '@nestjs/platform-fastify';
import { serializationSchema } from './response-schemas';

// What Fastify writes with a compiled response schema must be what JSON.stringify writes for the
// same DTO value: nulls, dates, nested objects, free-form metadata, lists, an undefined field.
const components = {
  CustomerObject: { type: 'string', enum: ['customer'] },
  ListObject: { type: 'string', enum: ['list'] },
  CustomerDto: {
    type: 'object',
    required: ['object', 'id', 'name', 'phone', 'createdAt', 'paymentTermsDays', 'metadata', 'address'],
    properties: {
      object: { description: 'always customer', allOf: [{ $ref: '#/components/schemas/CustomerObject' }] },
      id: { type: 'string', format: 'uuid' },
      name: { type: 'string' },
      phone: { type: 'string', nullable: true },
      paymentTermsDays: { type: 'integer', nullable: true },
      address: { type: 'object', nullable: true, additionalProperties: true },
      metadata: { type: 'object', additionalProperties: true },
      tags: { type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] } },
      createdAt: { type: 'string', format: 'date-time' },
      deletedAt: { type: 'string', format: 'date-time', nullable: true },
    },
  },
  CustomerPageDto: {
    type: 'object',
    properties: {
      object: { $ref: '#/components/schemas/ListObject' },
      nextCursor: { type: 'string', nullable: true },
      hasMore: { type: 'boolean' },
      data: { type: 'array', items: { $ref: '#/components/schemas/CustomerDto' } },
    },
  },
};

const customer = (overrides: Record<string, unknown> = {}) => ({
  object: 'customer',
  id: '0b7c8a36-5f2e-4a55-9d4c-6f7e7f0f3a11',
  name: 'Wanjiru "Wa" Kamau — ✓ \u2028 </script>',
  phone: null,
  paymentTermsDays: 30,
  address: { line1: '1 Moi Ave', nested: { city: 'Nairobi' } },
  metadata: {},
  tags: { tier: 'gold', score: 3 },
  createdAt: new Date('2026-03-01T10:15:00.123Z'),
  deletedAt: null,
  ...overrides,
});

async function served(schemaName: keyof typeof components, value: unknown): Promise<string> {
  const fastify = new FastifyAdapter().getInstance();
  fastify.get('/', { schema: { response: { 200: serializationSchema({ $ref: `#/components/schemas/${schemaName}` }, components as never) } } }, async () => value);
  const response = await fastify.inject({ method: 'GET', url: '/' });
  await fastify.close();
  return response.body;
}

describe('serializationSchema', () => {
  it('makes Fastify write exactly what JSON.stringify writes for a resource', async () => {
    for (const value of [customer(), customer({ phone: '+254712345678', address: null, paymentTermsDays: null, deletedAt: new Date(0) })]) {
      expect(await served('CustomerDto', value)).toBe(JSON.stringify(value));
    }
    // The compiled schema really wrote it: a field it does not document is left out.
    expect(await served('CustomerDto', { ...customer(), undocumented: 'x' })).toBe(JSON.stringify(customer()));
  });

  it('and for a list of them', async () => {
    const page = { object: 'list', nextCursor: null, hasMore: false, data: [customer(), customer({ name: 'Juma' })] };
    expect(await served('CustomerPageDto', page)).toBe(JSON.stringify(page));
  });

  it('leaves out a missing field instead of failing, as JSON.stringify does', async () => {
    const { phone: _left, ...withoutPhone } = customer();
    expect(await served('CustomerDto', withoutPhone)).toBe(JSON.stringify(withoutPhone));
  });

  it('inlines references and drops what only documents (required, enum, description, example)', () => {
    expect(serializationSchema({ $ref: '#/components/schemas/CustomerPageDto' }, components as never)).toMatchObject({
      type: 'object',
      properties: { object: { type: 'string' }, data: { type: 'array', items: { type: 'object', properties: { object: { type: 'string' }, phone: { type: 'string', nullable: true } } } } },
    });
    expect(JSON.stringify(serializationSchema({ $ref: '#/components/schemas/CustomerDto' }, components as never))).not.toMatch(/required|enum|description|\$ref/);
  });
});
