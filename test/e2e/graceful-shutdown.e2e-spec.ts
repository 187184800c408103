// SIGTERM against the real processes: the API finishes the requests it has (even uploads still
// arriving), refuses new ones and exits 0; the worker finishes its active jobs, which still
// reach their tenant databases, and exits 0. Both before closing queues and pools.
import { Agent, request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { JOBS } from '@nova/queue';
import { TestApp, startTestApp } from '../support/test-app';
import { connectTenantDb } from '../support/tenant-db';
import { testEnv } from '../support/test-env';
import { PrivateDatabases, privateDatabases } from '../support/private-databases';
import { registerTenant } from '../support/tenant-session';
import { AppProcess, startApiProcess, startWorkerProcess, stopProcess } from '../support/processes';

interface SlowResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A POST whose JSON body is sent in two halves: it is in flight until finish() sends the rest. */
function slowPost(url: string, path: string, token: string, body: object): { finish(): void; response: Promise<SlowResponse> } {
  const payload = Buffer.from(JSON.stringify(body));
  const half = Math.floor(payload.length / 2);
  let finish = () => undefined as void;
  const response = new Promise<SlowResponse>((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method: 'POST', agent: false, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': payload.length } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.write(payload.subarray(0, half));
    finish = () => void req.end(payload.subarray(half));
  });
  return { finish: () => finish(), response };
}

describe('graceful shutdown', () => {
  // A registry of this file's own: the worker's sweep and cycle see only its tenants.
  let dbs: PrivateDatabases;
  let env: Record<string, string>;
  let setup: TestApp;
  let api: (AppProcess & { url: string }) | undefined;
  let worker: AppProcess | undefined;

  beforeAll(async () => {
    dbs = await privateDatabases('gs');
    env = testEnv({ ...dbs.env, SHUTDOWN_DEADLINE_MS: '8000' });
    setup = await startTestApp({ worker: false, env });
  });

  afterAll(async () => {
    await Promise.all([stopProcess(api), stopProcess(worker)]);
    await setup?.close();
    await dbs?.drop();
  });

  it('API: in-flight requests finish, keep-alive load is cut loose, new connections are refused, exit 0 by the deadline', async () => {
    const tenant = await registerTenant(setup);
    api = await startApiProcess({ ...env, SHUTDOWN_DEADLINE_MS: '3000' });
    const url = api.url;
    // Steady load on kept-alive connections (what kept the API from exiting for minutes).
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    const statuses: number[] = [];
    let loading = true;
    const load = async () => {
      while (loading) {
        const status = await new Promise<number | undefined>((resolve) => {
          const req = httpRequest(`${url}/api/customers?limit=1`, { agent, headers: { authorization: `Bearer ${tenant.apiKey}` } }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode));
          });
          req.on('error', () => resolve(undefined)); // refused, or a kept-alive socket closed under it
          req.end();
        });
        if (status === undefined) return;
        statuses.push(status);
      }
    };
    const loaders = Array.from({ length: 4 }, () => load());
    const started = Date.now();
    while (statuses.length < 40 && Date.now() - started < 15_000) await new Promise((resolve) => setTimeout(resolve, 20));
    // Four requests the API has started but cannot finish yet: their bodies are half sent.
    const slow = Array.from({ length: 4 }, (_, i) => slowPost(url, '/api/customers', tenant.apiKey, { name: `In flight ${i}`, email: `inflight${i}@example.test` }));
    // And an upload that never ends: it is cut off at the deadline.
    const stuck = slowPost(url, '/api/customers', tenant.apiKey, { name: 'Never finished', email: 'never@example.test' });
    const stuckOutcome = stuck.response.then((response) => `answered ${response.status}`, (error: Error) => `cut off: ${error.message}`);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const signalled = Date.now();
    api.child.kill('SIGTERM');
    await api.waitForLog((line) => line.msg === 'Shutting down: no new work, finishing what is in flight');
    // New connections: refused, the listening socket is closed.
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    // The bodies arrive after SIGTERM: the requests still run against open pools, and close their connection.
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const request of slow) request.finish();
    const responses = await Promise.all(slow.map((request) => request.response));
    expect(responses.map((response) => response.status)).toEqual([201, 201, 201, 201]);
    for (const response of responses) expect(response.headers.connection).toBe('close');

    expect(await api.exited).toBe(0);
    const took = Date.now() - signalled;
    loading = false;
    await Promise.all(loaders);
    agent.destroy();
    expect(took).toBeGreaterThanOrEqual(2_900); // it waited for the unfinished upload, up to the deadline
    expect(took).toBeLessThan(8_000);
    expect(await stuckOutcome).toMatch(/^cut off/);
    expect(api.logs.some((line) => line.msg === 'Shutdown deadline passed with work still in flight; cutting it')).toBe(true);
    expect(statuses.length).toBeGreaterThanOrEqual(40);
    expect(statuses.every((status) => status === 200 || status === 503)).toBe(true);

    const db = await connectTenantDb(tenant.tenantId, dbs.env.CENTRAL_DATABASE_URL);
    try {
      const { rows } = await db.query<{ name: string }>(`SELECT name FROM customers WHERE name LIKE 'In flight %' OR name = 'Never finished' ORDER BY name`);
      expect(rows.map((row) => row.name)).toEqual(['In flight 0', 'In flight 1', 'In flight 2', 'In flight 3']);
    } finally {
      await db.end();
    }
  });

  it('worker: an active job finishes against its tenant database after SIGTERM, then the worker exits 0', async () => {
    // An SMTP server that takes its time accepting the message: the mail job is active meanwhile.
    let received!: () => void;
    const accepted = new Promise<void>((resolve) => (received = resolve));
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => {
          received();
          setTimeout(() => callback(), 1_500);
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    try {
      worker = await startWorkerProcess({ ...env, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtpPort) });
      const tenant = await registerTenant(setup);
      const customer = await tenant.as.post('/api/customers').send({ name: 'Mail me', email: 'mail.me@example.test' }).expect(201);
      const plan = await tenant.as.post('/api/plans').send({ code: 'm', name: 'M' }).expect(201);
      const price = await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'USD', unitAmount: 900, interval: 'month' }).expect(201);
      await tenant.as.post('/api/subscriptions').send({ customerId: customer.body.id, priceId: price.body.id }).expect(201);
      const invoices = await tenant.as.get('/api/invoices').expect(200);
      const invoiceId = invoices.body.data[0].id as string;
      await tenant.as.post(`/api/invoices/${invoiceId}/send`).send({}).expect(202);

      await accepted; // the job is active, waiting for the SMTP server's answer
      const signalled = Date.now();
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toBe(0);
      expect(Date.now() - signalled).toBeGreaterThanOrEqual(1_000); // it waited for the job
      // The job completed: it recorded the sending in the tenant database, after SIGTERM.
      const db = await connectTenantDb(tenant.tenantId, dbs.env.CENTRAL_DATABASE_URL);
      try {
        const { rows } = await db.query<{ sent_at: Date | null }>('SELECT sent_at FROM invoices WHERE id = $1', [invoiceId]);
        expect(rows[0]!.sent_at).not.toBeNull();
      } finally {
        await db.end();
      }
      expect(worker.logs.some((line) => line.msg === 'Invoice e-mailed' && line.invoiceId === invoiceId)).toBe(true);
      // No attempt of the mail job failed, and nothing used a closed pool. (Other lines may mention
      // failures: the webhook sweep also visits other test files' tenants, whose databases come and go.)
      expect(worker.logs.filter((line) => line.job === JOBS.sendInvoice)).toEqual([]);
      expect(JSON.stringify(worker.logs)).not.toMatch(/Cannot use a pool after calling end/);
    } finally {
      await new Promise((resolve) => smtp.close(() => resolve(undefined)));
    }
  });
});
