import type { Mailer } from '@nova/mail';
import { migratedCentralDb, seedTenant, type MigratedCentralDb } from '../../../../test/support/migrated-central-db';
import { NotifyEndpointDisabled } from './notify-endpoint-disabled';

describe('NotifyEndpointDisabled (real central database, a recording mailer)', () => {
  let db: MigratedCentralDb;
  const sent: { to: string; subject: string; text: string }[] = [];
  const mailer = { send: async (message: { to: string; subject: string; text: string }) => (sent.push(message), { messageId: `m${sent.length}` }) } as unknown as Mailer;

  beforeAll(async () => {
    db = await migratedCentralDb('endpoint_disabled');
  });
  afterAll(() => db.drop());

  it("e-mails each of the tenant's owners, not its admins or another tenant's owners, naming the endpoint", async () => {
    const { tenantId, email } = await seedTenant(db.central);
    await seedTenant(db.central); // another tenant
    await db.central.pool.query(`INSERT INTO admin_users (id, tenant_id, email, name, password_hash, role) VALUES (gen_random_uuid(), $1, 'co-owner@example.test', 'Co', 'x', 'owner'), (gen_random_uuid(), $1, 'admin@example.test', 'Ad', 'x', 'admin')`, [tenantId]);

    const result = await new NotifyEndpointDisabled(db.central, mailer).execute({ tenantId, url: 'https://erp.example.com/hooks' });
    expect(result.messageIds).toHaveLength(2);
    expect(sent.map((message) => message.to).sort()).toEqual(['co-owner@example.test', email].sort());
    expect(sent[0]!.subject).toMatch(/webhook endpoint was disabled/);
    expect(sent[0]!.text).toContain('https://erp.example.com/hooks');
    expect(sent[0]!.text).toContain('failed for 3 days');
  });
});
