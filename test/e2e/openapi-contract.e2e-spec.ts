// The OpenAPI document is a contract a stock generator can use: it lints clean under redocly's
// `recommended` rules, openapi-typescript (default options) makes a client of it that type-checks
// under `strict`, and that typed client drives the core flow against the running API.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { TestApp, startTestApp } from '../support/test-app';
import { runCoreFlow } from '../support/openapi-client/core-flow';

const run = promisify(execFile);
const ROOT = process.cwd();
const bin = (name: string) => join(ROOT, 'node_modules/.bin', name);
/** redocly must neither phone home nor look for updates: CI may be offline. */
const OFFLINE = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true', NO_COLOR: '1' };

type Problem = { ruleId: string; severity: 'error' | 'warn'; message: string; location?: { pointer?: string }[] };
type Operation = { security?: Record<string, string[]>[]; parameters?: { $ref?: string; name?: string }[]; responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> };
type Schema = { type?: string; enum?: unknown[]; properties?: Record<string, Schema> };
type OpenApi = { servers?: { url: string }[]; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

describe('OpenAPI document as a client contract', () => {
  let app: TestApp;
  let doc: OpenApi;
  let scratch: string;

  beforeAll(async () => {
    app = await startTestApp({ worker: false, env: { PUBLIC_URL: 'https://billing.example.test/' } });
    const response = await fetch(`${app.url}/api/docs-json`);
    expect(response.status).toBe(200);
    doc = (await response.json()) as OpenApi;
    scratch = mkdtempSync(join(tmpdir(), 'nova-openapi-'));
    writeFileSync(join(scratch, 'openapi.json'), JSON.stringify(doc, null, 2));
  });

  afterAll(async () => {
    await app?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('lints with no errors and no warnings under redocly recommended', async () => {
    writeFileSync(join(scratch, 'redocly.yaml'), 'telemetry: off\nextends:\n  - recommended\n');
    // lint exits non-zero when it finds errors; its JSON report is on stdout either way.
    const { stdout } = await run(bin('redocly'), ['lint', 'openapi.json', '--config', 'redocly.yaml', '--format', 'json', '--max-problems', '1000'], { cwd: scratch, env: OFFLINE, maxBuffer: 64 * 1024 * 1024 }).catch(
      (failed: { stdout?: string; stderr?: string }) => ({ stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' }),
    );
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { totals: { errors: number; warnings: number }; problems: Problem[] };
    const describe = (problem: Problem) => `${problem.ruleId} at ${problem.location?.[0]?.pointer ?? '?'}: ${problem.message}`;
    // Warnings too: recommended warns of real defects (an operation without a 4xx, without a summary, …).
    expect(report.problems.map((problem) => `${problem.severity} ${describe(problem)}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('documents servers, security, errors and Idempotency-Key as the API behaves', () => {
    expect(doc.servers?.map((server) => server.url)).toEqual(['https://billing.example.test']);
    const operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, method, path, operation })));
    const byKey = new Map(operations.map((entry) => [entry.key, entry.operation]));
    // Security mirrors the guards: public, JWT only (API keys get 403), or either.
    expect(byKey.get('POST /api/auth/register')?.security).toEqual([]);
    expect(byKey.get('POST /api/invoices/process-billing-cycle')?.security).toEqual([{ jwt: [] }]);
    expect(byKey.get('GET /api/invoices')?.security).toEqual([{ 'api-key': [] }, { jwt: [] }]);
    // Every error answer has the one error schema; only tenant mutations take an Idempotency-Key.
    for (const { key, method, path, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400) expect(`${key} ${status} ${response.content?.['application/json']?.schema?.$ref}`).toBe(`${key} ${status} #/components/schemas/ErrorBodyDto`);
      }
      const idempotent = (operation.parameters ?? []).some((param) => param.$ref === '#/components/parameters/IdempotencyKey');
      expect(`${key} ${idempotent}`).toBe(`${key} ${method !== 'get' && path.startsWith('/api/') && !path.startsWith('/api/auth/')}`);
    }
    // Money is integer minor units; enums are named schemas (generators make one type of each).
    const schemas = doc.components.schemas;
    expect([schemas.InvoiceDto.properties?.total?.type, schemas.CreatePriceDto.properties?.unitAmount?.type, schemas.PaymentDto.properties?.amount?.type]).toEqual(['integer', 'integer', 'integer']);
    expect(schemas.InvoiceStatus).toMatchObject({ type: 'string', enum: expect.arrayContaining(['open', 'paid', 'void']) });
    const inlineEnums: string[] = [];
    const findInlineEnums = (node: unknown, where: string): void => {
      if (typeof node !== 'object' || node === null) return;
      if ('enum' in node) inlineEnums.push(where);
      for (const [key, value] of Object.entries(node)) findInlineEnums(value, `${where}/${key}`);
    };
    findInlineEnums(doc.paths, '#/paths');
    for (const [name, schema] of Object.entries(schemas)) findInlineEnums(schema.properties, `#/components/schemas/${name}`);
    expect(inlineEnums).toEqual([]);
    // Operational routes (health, metrics, queue dashboards) are not part of it.
    expect(Object.keys(doc.paths).filter((path) => !/^\/(api|webhooks)\//.test(path))).toEqual([]);
  });

  it('generates a client that type-checks under strict and drives the core flow', async () => {
    // openapi-typescript with its default options, as an integration would run it.
    await run(bin('openapi-typescript'), ['openapi.json', '--output', 'paths.ts'], { cwd: scratch, env: OFFLINE });
    copyFileSync(join(ROOT, 'test/support/openapi-client/core-flow.ts'), join(scratch, 'core-flow.ts'));
    symlinkSync(join(ROOT, 'node_modules'), join(scratch, 'node_modules'), 'dir');
    const program = ts.createProgram([join(scratch, 'core-flow.ts')], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      esModuleInterop: true,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
      types: [],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.formatDiagnostic(diagnostic, { getCanonicalFileName: (name) => name, getCurrentDirectory: () => scratch, getNewLine: () => '\n' }));
    expect(diagnostics).toEqual([]);

    const outcome = await runCoreFlow(app.url, randomUUID().slice(0, 8));
    expect(outcome.idempotentReplay).toBe(true);
    expect(outcome.billingCycleWithApiKeyStatus).toBe(403);
    expect(outcome.invoicesIssuedByCycle).toBeGreaterThanOrEqual(0);
    expect(outcome.invoiceIds.length).toBeGreaterThan(0);
    expect(outcome.pdf.contentType).toBe('application/pdf');
    expect(outcome.pdf.head).toBe('%PDF-');
    expect(outcome.notFound).toMatchObject({ status: 404, code: 'not_found' });
  });
});
