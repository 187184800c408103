// A customer's credit balance over HTTP: adjustments with a reason, the ledger with running
// balances, one balance per currency, and refusals that name the field and write nothing.
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, registerTenant } from '../support/tenant-session';

describe('customer credit balance', () => {
  let app: TestApp;
  let tenant: TenantSession;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    tenant = await registerTenant(app, { defaultCurrency: 'KES' });
  });
  afterAll(() => app?.close());

  it('credits and debits by hand, keeps the ledger, and never goes below zero', async () => {
    const customer = (await tenant.as.post('/api/customers').send({ name: 'Baraka', email: 'baraka@example.co.ke' }).expect(201)).body;
    const ledger = `/api/customers/${customer.id}/balance-transactions`;

    const granted = (await tenant.as.post(ledger).send({ amount: 50_000, currency: 'KES', reason: 'Outage credit', metadata: { ticket: 'T-1' } }).expect(201)).body;
    expect(granted).toMatchObject({ customerId: customer.id, amount: 50_000, endingBalance: 50_000, type: 'adjustment', reason: 'Outage credit', metadata: { ticket: 'T-1' } });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await tenant.as.post(ledger).send({ amount: -20_000, currency: 'KES', reason: 'Granted twice by mistake' }).expect(201);
    await tenant.as.post(ledger).send({ amount: 1_000, currency: 'USD', reason: 'Promo' }).expect(201);

    const refused = await tenant.as.post(ledger).send({ amount: -30_001, currency: 'KES', reason: 'Too much' }).expect(400);
    expect(refused.body.fields).toEqual([expect.objectContaining({ field: 'amount' })]);

    expect((await tenant.as.get(`/api/customers/${customer.id}/balance`).expect(200)).body).toEqual({
      object: 'customer_balance',
      customerId: customer.id,
      balances: [
        { currency: 'KES', balance: 30_000 },
        { currency: 'USD', balance: 1_000 },
      ],
      livemode: true,
    });
    const page = (await tenant.as.get(`${ledger}?limit=2`).expect(200)).body;
    expect(page.data.map((row: { amount: number; endingBalance: number }) => [row.amount, row.endingBalance])).toEqual([
      [1_000, 1_000],
      [-20_000, 30_000],
    ]);
    expect(page.hasMore).toBe(true);
    expect((await tenant.as.get(`${ledger}?cursor=${page.nextCursor}`).expect(200)).body.data.map((row: { id: string }) => row.id)).toEqual([granted.id]);
  });

  it('refuses bad adjustments with a 400 naming the field', async () => {
    const customer = (await tenant.as.post('/api/customers').send({ name: 'Njeri', email: 'njeri@example.co.ke' }).expect(201)).body;
    const ledger = `/api/customers/${customer.id}/balance-transactions`;
    const cases: [object, string][] = [
      [{ amount: 10.5, currency: 'KES', reason: 'x' }, 'amount'],
      [{ amount: 0, currency: 'KES', reason: 'x' }, 'amount'],
      [{ amount: 10, currency: 'KSH', reason: 'x' }, 'currency'],
      [{ amount: 10, currency: 'KES' }, 'reason'],
      [{ amount: 10, currency: 'KES', reason: '   ' }, 'reason'],
    ];
    for (const [body, field] of cases) {
      const response = await tenant.as.post(ledger).send(body).expect(400);
      expect(response.body.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    expect((await tenant.as.get(ledger).expect(200)).body.data).toEqual([]);
    await tenant.as.get('/api/customers/00000000-0000-4000-8000-000000000000/balance').expect(404);
  });
});
