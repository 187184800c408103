// A tenant in Kolkata (UTC+05:30) with a subscription anchored to a day of the month, over HTTP: the stub to the
// first anchor is invoiced prorated to the second, the billing cycle renews at local midnight of the anchor day, and
// the PDF prints Kolkata dates (which differ from the UTC ones at the times chosen here).
import { formatDate } from '@nova/documents';
import { addLocalDays, daysInMonth, formatLocalDate, localDateTime, nextAnchorDayMidnight, periodAt, startOfLocalDay } from '@nova/domain';
import { downloadPdfText } from '../support/read-pdf';
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, registerTenant } from '../support/tenant-session';

const ZONE = 'Asia/Kolkata';
const DAY_MS = 86_400_000;

describe('tenant time zone and billing anchor over HTTP', () => {
  let app: TestApp;
  let tenant: TenantSession;
  let customerId: string;
  let priceId: string;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    tenant = await registerTenant(app, { defaultCurrency: 'INR' });
    customerId = (await tenant.as.post('/api/customers').send({ name: 'Priya Raman', email: 'priya@example.test', currency: 'INR' }).expect(201)).body.id;
    const plan = (await tenant.as.post('/api/plans').send({ code: 'pro', name: 'Pro' }).expect(201)).body.id;
    priceId = (await tenant.as.post(`/api/plans/${plan}/prices`).send({ currency: 'INR', unitAmount: 310_000, interval: 'month' }).expect(201)).body.id;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('the tenant time zone: UTC by default, set with PATCH /api/tenants/me, refused with a 400 naming timeZone', async () => {
    expect((await tenant.asAdmin.get('/api/tenants/me').expect(200)).body).toMatchObject({ object: 'tenant', timeZone: 'UTC' });
    for (const timeZone of ['Mars/Olympus', '+05:30', 42, '']) {
      const refused = await tenant.asAdmin.patch('/api/tenants/me').send({ timeZone }).expect(400);
      expect(JSON.stringify(refused.body)).toContain('timeZone');
    }
    expect((await tenant.asAdmin.get('/api/tenants/me').expect(200)).body.timeZone).toBe('UTC');
    expect((await tenant.asAdmin.patch('/api/tenants/me').send({ timeZone: ZONE }).expect(200)).body).toMatchObject({ timeZone: ZONE, livemode: true });
    expect((await tenant.asAdmin.get('/api/tenants/me').expect(200)).body.timeZone).toBe(ZONE);
  });

  it('an anchor-day subscription: prorated stub invoice, renewal at Kolkata midnight on the anchor day, PDF dates local', async () => {
    // Started 20 days ago at 20:00 UTC (01:30 the next day in Kolkata), anchored to the day of the month it was in
    // Kolkata 3 days ago: the stub has ended and the first regular period has begun.
    const twentyDaysAgo = new Date(Date.now() - 20 * DAY_MS);
    const startAt = new Date(Date.UTC(twentyDaysAgo.getUTCFullYear(), twentyDaysAgo.getUTCMonth(), twentyDaysAgo.getUTCDate(), 20, 0, 0));
    const anchorDay = localDateTime(new Date(Date.now() - 3 * DAY_MS), ZONE).day;
    const anchor = nextAnchorDayMidnight(startAt, anchorDay, ZONE);
    expect(anchor.getTime()).toBeLessThan(Date.now());
    // The start day is a whole day: the stub starts at its Kolkata midnight.
    const dayStart = startOfLocalDay(startAt, ZONE);

    const created = (
      await tenant.as.post('/api/subscriptions').send({ customerId, priceId, quantity: 1, startAt: startAt.toISOString(), billingCycleAnchorDay: anchorDay }).expect(201)
    ).body;
    expect(created).toMatchObject({
      object: 'subscription',
      livemode: true,
      timeZone: ZONE,
      billingCycleAnchorDay: anchorDay,
      billingCycleAnchor: anchor.toISOString(),
      currentPeriodStart: dayStart.toISOString(),
      currentPeriodEnd: anchor.toISOString(),
    });
    expect(localDateTime(new Date(created.billingCycleAnchor), ZONE)).toMatchObject({ hour: 0, minute: 0, second: 0 });

    // The stub: 310 000 × stub seconds / seconds of the regular period that ends at the anchor, rounded half-even.
    const full = periodAt(anchor, 'month', 1, -1, { timeZone: ZONE, anchorDay });
    const stubSeconds = (anchor.getTime() - dayStart.getTime()) / 1000;
    const fullSeconds = (full.end.getTime() - full.start.getTime()) / 1000;
    const expected = Math.round((310_000 * stubSeconds) / fullSeconds); // no tie at these numbers
    const stub = (await tenant.as.get(`/api/invoices/${created.firstInvoiceId}`).expect(200)).body;
    expect(stub).toMatchObject({ total: expected, periodStart: dayStart.toISOString(), periodEnd: anchor.toISOString() });
    expect(stub.total).toBeLessThan(310_000);
    expect(stub.lines).toMatchObject([
      { quantity: 1, unitAmount: expected, description: `Pro (${formatLocalDate(startAt, ZONE)} – ${formatLocalDate(anchor, ZONE)}, prorated)` },
    ]);

    // The billing cycle renews at the anchor: Kolkata midnight on the anchor day, for a regular month.
    const cycle = (await tenant.asAdmin.post('/api/invoices/process-billing-cycle').expect(200)).body;
    expect(cycle).toMatchObject({ subscriptionsSkipped: [] });
    const invoices = (await tenant.as.get(`/api/invoices?subscriptionId=${created.id}&limit=100`).expect(200)).body.data as Array<{ id: string; periodStart: string; periodEnd: string; total: number; issuedAt: string }>;
    const renewal = invoices.find((invoice) => invoice.id !== created.firstInvoiceId)!;
    const next = periodAt(anchor, 'month', 1, 0, { timeZone: ZONE, anchorDay });
    expect(renewal).toMatchObject({ periodStart: anchor.toISOString(), periodEnd: next.end.toISOString(), total: 310_000 });
    const end = localDateTime(next.end, ZONE);
    expect(end).toMatchObject({ hour: 0, minute: 0, day: Math.min(anchorDay, daysInMonth(end.year, end.month)) });
    const subscription = (await tenant.as.get(`/api/subscriptions/${created.id}`).expect(200)).body;
    expect(subscription).toMatchObject({ currentPeriodStart: anchor.toISOString(), currentPeriodEnd: next.end.toISOString() });

    // PDFs print Kolkata dates: the stub starts on the Kolkata day after its UTC day, the anchor is the Kolkata day after 18:30 UTC.
    const stubPdf = await downloadPdfText(tenant.as.get(`/api/invoices/${created.firstInvoiceId}/pdf`));
    expect(stubPdf).toContain(`${formatDate(startAt, ZONE)} – ${formatDate(anchor, ZONE)}`);
    expect(formatDate(startAt, ZONE)).not.toBe(formatDate(startAt, 'UTC'));
    expect(stubPdf).not.toContain(formatDate(startAt, 'UTC'));
    const renewalPdf = await downloadPdfText(tenant.as.get(`/api/invoices/${renewal.id}/pdf`));
    expect(renewalPdf).toContain(`${formatDate(anchor, ZONE)} – ${formatDate(next.end, ZONE)}`);
    expect(renewalPdf).not.toContain(formatDate(anchor, 'UTC'));
    expect(renewalPdf).toContain(formatDate(new Date(renewal.issuedAt), ZONE));
  }, 60_000);

  it('an anchor after a trial: trialing until local midnight 7 days after the start day, then a stub to the anchor day', async () => {
    const created = (await tenant.as.post('/api/subscriptions').send({ customerId, priceId, quantity: 1, trialDays: 7, billingCycleAnchorDay: 1 }).expect(201)).body;
    const trialEnd = addLocalDays(startOfLocalDay(new Date(created.createdAt), ZONE), 7, ZONE);
    expect(created).toMatchObject({
      status: 'trialing',
      firstInvoiceId: null,
      trialEnd: trialEnd.toISOString(),
      currentPeriodEnd: trialEnd.toISOString(),
      billingCycleAnchorDay: 1,
      billingCycleAnchor: nextAnchorDayMidnight(trialEnd, 1, ZONE).toISOString(),
    });
    expect(localDateTime(new Date(created.currentPeriodStart), ZONE)).toMatchObject({ hour: 0, minute: 0, second: 0 });
  });

  it('refuses bad anchors with a 400 naming the field', async () => {
    for (const billingCycleAnchorDay of [0, 32, 1.5, 'first']) {
      const refused = await tenant.as.post('/api/subscriptions').send({ customerId, priceId, billingCycleAnchorDay }).expect(400);
      expect(JSON.stringify(refused.body)).toContain('billingCycleAnchorDay');
    }
    const anchorBeforeTrialEnd = await tenant.as.post('/api/subscriptions').send({ customerId, priceId, trialDays: 7, billingCycleAnchor: new Date(Date.now() + 3 * DAY_MS).toISOString() }).expect(400);
    expect(JSON.stringify(anchorBeforeTrialEnd.body)).toContain('billingCycleAnchor');
    const tooFar = await tenant.as.post('/api/subscriptions').send({ customerId, priceId, billingCycleAnchor: new Date(Date.now() + 45 * DAY_MS).toISOString() }).expect(400);
    expect(JSON.stringify(tooFar.body)).toContain('billingCycleAnchor');
    const notADate = await tenant.as.post('/api/subscriptions').send({ customerId, priceId, billingCycleAnchor: 'tomorrow' }).expect(400);
    expect(JSON.stringify(notADate.body)).toContain('billingCycleAnchor');
  });
});
