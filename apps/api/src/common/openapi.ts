import { applyDecorators, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { OperationObject, ParameterObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { AppConfig } from '@nova/config';
import { FieldProblem, MODE_HEADER, PLAN_LIMIT_NAMES, type PlanLimitName, TENANT_MODES, type Permission, requiredPermission, rolesWith } from '@nova/domain';
import { RouteAccess, routeAccess } from '../auth/route-access';
import { ErrorBody } from './http-error.filter';

// The OpenAPI document (GET /api/docs-json) is meant for stock client generators. What is the
// same for every operation is derived here, from the metadata the guards and the interceptors
// act on, rather than repeated on every handler: security (AuthGuard), the error answers every
// tenant endpoint can give, the Idempotency-Key header (IdempotencyInterceptor) and the one error
// schema. Controllers only add what is particular to them: a summary, @ApiErrors(…), uploads.

export class FieldProblemDto implements FieldProblem {
  @ApiProperty({ example: 'email' }) field!: string;
  @ApiProperty({ example: 'must be an email' }) message!: string;
}

export class PlanLimitProblemDto {
  @ApiProperty({ enum: PLAN_LIMIT_NAMES, enumName: 'PlanLimitName', example: 'customers', description: 'The limit reached' }) name!: PlanLimitName;
  @ApiProperty({ type: 'integer', example: 50, description: 'How many there are now' }) used!: number;
  @ApiProperty({ type: 'integer', example: 50, description: 'The maximum of your plan' }) max!: number;
}

/** The body of every error answer: the shape HttpErrorFilter sends. */
export class ErrorBodyDto implements ErrorBody {
  @ApiProperty({ type: 'integer', example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'Bad Request' }) error!: string;
  @ApiProperty({ example: 'validation_failed', description: 'Stable machine-readable code (DomainError codes, or the HTTP reason in snake case)' }) code!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ type: [FieldProblemDto], description: 'The fields at fault (validation errors, conflicts)' }) fields?: FieldProblemDto[];
  @ApiPropertyOptional({ type: () => PlanLimitProblemDto, description: 'plan_limit_reached (402): the limit of your NovaBilling plan that was reached' }) limit?: PlanLimitProblemDto;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'trial_ended (403): when your NovaBilling trial ended' }) trialEndsAt?: string | null;
  @ApiPropertyOptional({ description: 'Server errors: the id the error is logged under' }) errorId?: string;
}

export type ErrorStatus = 400 | 401 | 402 | 403 | 404 | 409 | 413 | 422 | 429 | 502 | 503;

const ERROR_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: 'Invalid input; `fields` names what is wrong',
  401: 'Missing, invalid or expired credentials',
  402: 'A limit of your NovaBilling plan is reached (`plan_limit_reached`; `limit` names it, with what is used and the maximum)',
  403: 'Not allowed for these credentials, the tenant is suspended, its NovaBilling trial has ended (`trial_ended`: writes are refused), or no owner has verified an e-mail address yet (`email_unverified`: live mode is closed, test mode works)',
  404: 'No such record in this tenant',
  409: 'Conflicts with the current state (or an Idempotency-Key in use with another request)',
  413: 'The upload is over its size or row limit',
  422: 'A limit of the tenant or the record is reached',
  429: 'Too many requests; see Retry-After',
  502: 'The payment provider could not be reached or refused the request',
  503: 'A dependency is unavailable; retry later (see Retry-After)',
};

/** Error answers particular to an operation (the ones every operation shares are added by finishDocument). */
export const ApiErrors = (...statuses: ErrorStatus[]) => applyDecorators(...statuses.map((status) => ApiResponse({ status, description: ERROR_DESCRIPTIONS[status] })));

/**
 * The operation of a CSV upload: a text/csv body, or a multipart/form-data form with the file in
 * `file` (see telecom/csv-body.ts). The handler reads the raw request, so Nest infers no body, and
 * @ApiBody cannot give the two media types their own schemas: the request body is given whole.
 */
export const ApiCsvUpload = (operation: { summary: string; description?: string; columns: string }) =>
  ApiOperation({
    summary: operation.summary,
    description: operation.description,
    requestBody: {
      required: true,
      description: `CSV with a header line: ${operation.columns}`,
      content: {
        'text/csv': { schema: { type: 'string' } },
        'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'The CSV file' } } } },
      },
    },
  });

const ERROR_SCHEMA_REF = { $ref: '#/components/schemas/ErrorBodyDto' };
const IDEMPOTENCY_KEY = 'IdempotencyKey';
const MODE_PARAMETER = 'NovaMode';
const MUTATING = new Set(['post', 'put', 'patch', 'delete']);
/** Only the tenant API and the provider webhooks; operational routes (health, metrics, queue dashboards) stay out. */
const DOCUMENTED_PATHS = /^\/(api|webhooks)\//;

export function buildOpenApiDocument(app: NestFastifyApplication, config: AppConfig): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('NovaBilling API')
      .setDescription(
        'Multi-tenant billing: customers, plans, subscriptions, invoices and payments. Authenticate with a tenant API key (`Authorization: Bearer sk_live_…`) or an admin JWT from /api/auth/login. ' +
          'Amounts are integers in minor units of their currency. Every mutating tenant request may carry an `Idempotency-Key`.\n\n' +
          '**Live and test mode**: every tenant has a live and a test database. `sk_live_` keys reach only live data, `sk_test_` keys only test data; ' +
          `an admin JWT is in live mode unless the request says \`${MODE_HEADER}: test\`. An API key with a contradicting \`${MODE_HEADER}\` header is refused (400). ` +
          'Every JSON resource and list in the answer says its mode in `livemode` (true: live).',
      )
      .setVersion('0.1.0')
      .setLicense('MIT', 'https://opensource.org/licenses/MIT')
      .addServer(config.http.publicUrl.replace(/\/+$/, ''), 'This installation (PUBLIC_URL)')
      // addBearerAuth would label both schemes JWT: an API key is an opaque secret.
      .addSecurity('api-key', { type: 'http', scheme: 'bearer', bearerFormat: 'sk_live_… or sk_test_…', description: 'Tenant API key (server credential); only endpoints that say so accept it' })
      .addSecurity('jwt', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Tenant admin access token from /api/auth/login' })
      .build(),
    { extraModels: [ErrorBodyDto], operationIdFactory: operationId },
  );
  return finishDocument(document, accessByOperationId(app));
}

/** The operationId of a handler: `CustomersController_list`. */
export const operationId = (controller: string, method: string) => `${controller}_${method}`;

type ControllerClass = new (...args: never[]) => object;

/** Every route handler of the application's controllers. */
export function* controllerHandlers(app: NestFastifyApplication): Generator<{ controller: ControllerClass; name: string; handler: object }> {
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as ControllerClass | null;
      if (!controller) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler === 'function' && Reflect.getMetadata(METHOD_METADATA, handler) !== undefined) yield { controller, name, handler };
      }
    }
  }
}

/** Who may call each handler: what AuthGuard enforces (routeAccess). */
function accessByOperationId(app: NestFastifyApplication): Map<string, RouteAccess> {
  const access = new Map<string, RouteAccess>();
  for (const { controller, name, handler } of controllerHandlers(app)) access.set(operationId(controller.name, name), routeAccess(handler as object, controller));
  return access;
}

function finishDocument(document: OpenAPIObject, access: Map<string, RouteAccess>): OpenAPIObject {
  document.paths = Object.fromEntries(Object.entries(document.paths).filter(([path]) => DOCUMENTED_PATHS.test(path)));
  document.components ??= {};
  document.components.parameters = {
    ...document.components.parameters,
    [IDEMPOTENCY_KEY]: {
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'Makes the request safe to retry: the same key and body get the first answer again (header `Idempotent-Replayed: true`); the same key with another body, or while the first is in flight, a 409.',
      schema: { type: 'string', maxLength: 255 },
    },
    [MODE_PARAMETER]: {
      name: MODE_HEADER,
      in: 'header',
      required: false,
      description: 'Admin JWT: `test` works in the tenant\'s test database (default `live`). An API key is always in its own mode; a header that contradicts it is a 400.',
      schema: { type: 'string', enum: [...TENANT_MODES] },
    },
  };

  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item) as [string, OperationObject][]) {
      if (!(method.toUpperCase() in RequestMethod)) continue;
      const who = operation.operationId ? access.get(operation.operationId) : undefined;
      if (!who) throw new Error(`OpenAPI: no handler metadata for ${method.toUpperCase()} ${path} (${operation.operationId})`);
      describeAccess(operation, who, method);
      const inTenant = !who.isPublic;
      // AuthGuard picks the mode of every tenant request (requestMode); the answer says it (livemode).
      if (inTenant) operation.parameters = [...(operation.parameters ?? []), { $ref: `#/components/parameters/${MODE_PARAMETER}` }];
      // IdempotencyInterceptor honours the key on every mutating request made in a tenant's context.
      if (inTenant && MUTATING.has(method)) operation.parameters = [...(operation.parameters ?? []), { $ref: `#/components/parameters/${IDEMPOTENCY_KEY}` }];
      addCommonErrors(operation, path, inTenant && MUTATING.has(method), inTenant);
    }
  }
  defaultsInWordsForInputs(document);
  livemodeOnAnswers(document);
  for (const schema of Object.values(document.components.schemas ?? {})) unwrapLoneAllOf(schema);
  return document;
}

const LIVEMODE_PROPERTY: SchemaObject = { type: 'boolean', description: 'True in live mode, false in test mode (added to every answer of the tenant API, see the API description)' };

/**
 * The schemas tenant operations answer with (directly, or as the objects of a list's `data`) get
 * the `livemode` the response interceptor adds (common/livemode.ts), so clients see the field.
 */
function livemodeOnAnswers(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaObject>;
  const nameOf = (node: SchemaObject | ReferenceObject | undefined): string | undefined => (node as ReferenceObject | undefined)?.$ref?.split('/').pop();
  // A schema also used inside another one (a nested object) has no livemode there: optional, not required.
  const nested = new Set<string>();
  const collect = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const ref = (node as ReferenceObject).$ref;
    if (typeof ref === 'string') nested.add(ref.split('/').pop()!);
    else Object.values(node).forEach(collect);
  };
  for (const schema of Object.values(schemas)) {
    // A list envelope's `data` items are marked too, so the page schema's own references do not count.
    const isPage = (schema.properties?.data as SchemaObject | undefined)?.type === 'array';
    collect(isPage ? { ...schema.properties, data: undefined } : schema);
  }
  const mark = (node: SchemaObject | ReferenceObject | undefined): SchemaObject | undefined => {
    const name = nameOf(node);
    const schema = name ? schemas[name] : undefined;
    if (!schema || schema.type !== 'object' || !schema.properties) return schema;
    schema.properties.livemode ??= LIVEMODE_PROPERTY;
    if (!nested.has(name!)) schema.required = [...new Set([...(schema.required ?? []), 'livemode'])];
    return schema;
  };
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as OperationObject[]) {
      if (!operation?.responses || (operation.security && operation.security.length === 0)) continue;
      for (const [status, response] of Object.entries(operation.responses as Record<string, ResponseObject>)) {
        if (!/^2/.test(status)) continue;
        const answer = mark(response.content?.['application/json']?.schema);
        const data = answer?.properties?.data as SchemaObject | undefined;
        if (data?.type === 'array') mark(data.items);
      }
    }
  }
}

/** Nest wraps every named enum of a property in a one-item `allOf`; without siblings to keep, the plain reference says the same. */
function unwrapLoneAllOf(node: unknown): void {
  if (typeof node !== 'object' || node === null) return;
  for (const [key, value] of Object.entries(node) as [string, SchemaObject][]) {
    if (typeof value === 'object' && value !== null && Object.keys(value).length === 1 && value.allOf?.length === 1) (node as Record<string, unknown>)[key] = value.allOf[0];
    else unwrapLoneAllOf(value);
  }
}

/**
 * openapi-typescript (default options) makes every property with a `default` required, except in
 * an inline request body; ours are component schemas, so a client would have to send what the
 * server defaults. In the schemas requests use, the default is therefore said in words instead.
 */
function defaultsInWordsForInputs(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaObject>;
  const inputs = new Set<string>();
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const ref = (node as ReferenceObject).$ref;
    if (typeof ref === 'string') {
      const name = ref.split('/').pop()!;
      if (!inputs.has(name)) {
        inputs.add(name);
        visit(schemas[name]);
      }
      return;
    }
    Object.values(node).forEach(visit);
  };
  for (const item of Object.values(document.paths)) for (const operation of Object.values(item) as OperationObject[]) visit(operation.requestBody);
  for (const name of inputs) {
    for (const property of Object.values(schemas[name]?.properties ?? {}) as SchemaObject[]) {
      if (property.default === undefined) continue;
      const said = `Default: ${JSON.stringify(property.default)}.`;
      property.description = property.description ? `${property.description.replace(/\.?$/, '.')} ${said}` : said;
      delete property.default;
    }
  }
}

function describeAccess(operation: OperationObject, who: RouteAccess, method: string): void {
  if (who.isPublic) {
    operation.security = [];
    return;
  }
  operation.security = who.allowsApiKey ? [{ 'api-key': [] }, { jwt: [] }] : [{ jwt: [] }];
  const notes = [who.allowsApiKey ? 'Accepts an API key or an admin JWT.' : 'Needs an admin JWT; API keys get 403.'];
  const permission = requiredPermission(method, who.permission);
  notes.push(`JWT users need the role ${rolesWith(permission).join(' or ')}.`);
  if (who.allowsApiKey && permission !== 'read') notes.push('Read-only API keys get 403.');
  operation.description = [operation.description, notes.join(' ')].filter(Boolean).join('\n\n');
}

/** The errors every operation of its kind can answer, each with the one error schema. */
function addCommonErrors(operation: OperationObject, path: string, idempotent: boolean, inTenant: boolean): void {
  const parameters = (operation.parameters ?? []) as (ParameterObject | ReferenceObject)[];
  const takesInput = Boolean(operation.requestBody) || parameters.some((param) => 'in' in param && (param.in === 'query' || param.in === 'path'));
  const common: ErrorStatus[] = [];
  if (takesInput) common.push(400);
  if (inTenant) common.push(401, 403);
  if (inTenant && path.includes('{')) common.push(404);
  if (idempotent) common.push(409);
  // Tenant routes have rate limits (README "Rate limits"), sign-in its own throttle: both answer 429 + Retry-After.
  if (inTenant || path.startsWith('/api/auth/')) common.push(429);
  if (inTenant) common.push(503);

  const responses = operation.responses as Record<string, ResponseObject>;
  for (const status of common) responses[status] ??= { description: ERROR_DESCRIPTIONS[status] };
  for (const [status, response] of Object.entries(responses)) {
    if (Number(status) < 400 && !/^[45]XX$/.test(status)) continue;
    response.description ||= ERROR_DESCRIPTIONS[Number(status) as ErrorStatus] ?? 'Error';
    response.content ??= { 'application/json': { schema: ERROR_SCHEMA_REF } };
  }
}
