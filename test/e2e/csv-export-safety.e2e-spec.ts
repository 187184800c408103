// CSV exports neutralise spreadsheet formulas in every text cell (CSV injection): a switch's call
// id is free text a caller of the API chose, and the export is opened in Excel by someone else.
import { parse } from 'csv-parse/sync';
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, registerTenant } from '../support/tenant-session';

describe('CSV export safety', () => {
  let app: TestApp;
  let tenant: TenantSession;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    tenant = await registerTenant(app);
  });

  afterAll(() => app?.close());

  it('prefixes formula-like text cells of /api/cdrs/export with a quote and leaves numbers as numbers', async () => {
    // Ingestion trims the switch's id, so leading whitespace and tabs are the unit test's business (libs/common/src/csv.spec.ts).
    const hostile = ['=HYPERLINK("http://evil.example","click")', '+SUM(1,2)', '-2+3', '@cmd', '=1+1', 'plain-id-1'];
    const startedAt = new Date(Date.now() - 3_600_000).toISOString();
    const cdrs = hostile.map((id, i) => ({ id, callerNumber: '+254700000001', calledNumber: '+254700000002', startedAt, durationSeconds: 30 + i }));
    const ingested = await tenant.as.post('/api/cdrs/batch').send({ cdrs }).expect((res) => expect([200, 201, 202]).toContain(res.status));
    expect(ingested.body.accepted).toBe(hostile.length);

    const csv = await tenant.as.get('/api/cdrs/export').expect(200);
    const [header, ...rows] = parse(csv.text, { relax_column_count: false }) as string[][];
    const column = (name: string) => header!.indexOf(name);
    const bySwitchId = new Map(rows.map((row) => [row[column('switch_id')]!, row]));
    expect([...bySwitchId.keys()].sort()).toEqual(["'=HYPERLINK(\"http://evil.example\",\"click\")", "'+SUM(1,2)", "'-2+3", "'@cmd", "'=1+1", 'plain-id-1'].sort());
    // No text cell of any row starts a formula.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^\s*[=+\-@]|^[\t\r]/);
    // Numeric columns are untouched numbers; the stored phone numbers are digits.
    const plain = bySwitchId.get('plain-id-1')!;
    expect(plain[column('duration_seconds')]).toBe('35');
    expect(plain[column('caller_number')]).toBe('254700000001');
    expect(plain[column('status')]).toBe('pending');
  });
});
