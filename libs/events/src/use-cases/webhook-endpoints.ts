// The tenant's webhook endpoints: create (the signing secret shown once), list, get, change,
// delete, rotate the secret (the previous one keeps signing alongside for the overlap window).
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type Page, type PageRequest, inTransaction, resolveWindow, toPage } from '@nova/common';
import { WebhooksConfig } from '@nova/config';
import { DomainError, ErrorCode, MAX_WEBHOOK_ENDPOINTS, enabledEventsProblem, webhookUrlProblem } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { TenantDb } from '@nova/tenancy';
import { type WebhookEndpointView, webhookEndpointView } from '../webhook-endpoint.view';
import {
  type WebhookEndpointRow,
  countWebhookEndpoints,
  deleteWebhookEndpointRow,
  findWebhookEndpoint,
  insertWebhookEndpoint,
  replaceWebhookSecret,
  selectWebhookEndpointPage,
  updateWebhookEndpointRow,
  webhookEndpointPosition,
} from '../webhook-endpoints.repository';
import { WebhookSecrets, newSigningSecret } from '../webhook-secrets';

export interface CreateWebhookEndpointCommand {
  readonly url: string;
  /** Event types, or ['*'] for all. */
  readonly enabledEvents: string[];
  readonly description?: string;
}

export interface UpdateWebhookEndpointCommand {
  readonly id: string;
  readonly url?: string;
  readonly enabledEvents?: string[];
  readonly description?: string;
  readonly enabled?: boolean;
}

/** An endpoint with its signing secret: the only answers that carry it (create, rotate). */
export interface WebhookEndpointWithSecret extends WebhookEndpointView {
  readonly secret: string;
}

/** URL and event-type rules, the same at create and at change (400 naming the field). */
function assertEndpointFields(fields: { url?: string; enabledEvents?: string[] }, config: WebhooksConfig): void {
  if (fields.url !== undefined) {
    const problem = webhookUrlProblem(fields.url, { allowPrivate: config.allowPrivateUrls });
    if (problem) throw DomainError.validation('url', problem);
  }
  if (fields.enabledEvents !== undefined) {
    const problem = enabledEventsProblem(fields.enabledEvents);
    if (problem) throw DomainError.validation('enabledEvents', problem);
  }
}

async function requireEndpoint(db: TenantDatabase, id: string): Promise<WebhookEndpointRow> {
  const endpoint = await findWebhookEndpoint(db.pool, id);
  if (!endpoint) throw DomainError.notFound('Webhook endpoint', id);
  return endpoint;
}

@Injectable()
export class CreateWebhookEndpoint {
  constructor(
    private readonly db: TenantDb,
    private readonly secrets: WebhookSecrets,
    private readonly config: WebhooksConfig,
  ) {}

  async execute(command: CreateWebhookEndpointCommand): Promise<WebhookEndpointWithSecret> {
    assertEndpointFields(command, this.config);
    const id = randomUUID();
    const secret = newSigningSecret();
    const { pool } = await this.db.connection();
    const row = await inTransaction(pool, async (client) => {
      // Serializes concurrent creates, so the limit holds.
      await client.query('LOCK TABLE webhook_endpoints IN SHARE ROW EXCLUSIVE MODE');
      if ((await countWebhookEndpoints(client)) >= MAX_WEBHOOK_ENDPOINTS) throw new DomainError(ErrorCode.LimitReached, `A tenant may have at most ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints`);
      return insertWebhookEndpoint(client, { id, url: command.url, description: command.description ?? null, enabledEvents: [...new Set(command.enabledEvents)], sealedSecret: this.secrets.seal(id, secret) });
    });
    return { ...webhookEndpointView(row), secret };
  }
}

@Injectable()
export class UpdateWebhookEndpoint {
  constructor(
    private readonly db: TenantDb,
    private readonly config: WebhooksConfig,
  ) {}

  /** Enabling a disabled endpoint again clears why it was disabled; its missed events can be resent. */
  async execute(command: UpdateWebhookEndpointCommand): Promise<WebhookEndpointView> {
    assertEndpointFields(command, this.config);
    const db = await this.db.connection();
    const enabledEvents = command.enabledEvents === undefined ? undefined : [...new Set(command.enabledEvents)];
    // An empty description removes it.
    const description = command.description === '' ? null : command.description;
    const row = await updateWebhookEndpointRow(db.pool, command.id, { url: command.url, description, enabledEvents, enabled: command.enabled });
    if (!row) throw DomainError.notFound('Webhook endpoint', command.id);
    return webhookEndpointView(row);
  }
}

@Injectable()
export class RotateWebhookSecret {
  constructor(
    private readonly db: TenantDb,
    private readonly secrets: WebhookSecrets,
    private readonly config: WebhooksConfig,
  ) {}

  /**
   * A new secret signs from now on; the current one keeps signing alongside it (a second `v1=`)
   * for WEBHOOK_SECRET_OVERLAP_HOURS, so receivers can switch without losing an event. A rotation
   * during an overlap ends the older one: at most two secrets sign.
   */
  async execute(command: { id: string }, now = new Date()): Promise<WebhookEndpointWithSecret> {
    const { pool } = await this.db.connection();
    const secret = newSigningSecret();
    const overlapMs = this.config.secretOverlapHours * 3_600_000;
    const row = await inTransaction(pool, async (client) => {
      const endpoint = await findWebhookEndpoint(client, command.id, { forUpdate: true });
      if (!endpoint) throw DomainError.notFound('Webhook endpoint', command.id);
      return replaceWebhookSecret(client, endpoint.id, {
        sealedSecret: this.secrets.seal(endpoint.id, secret),
        previousSealedSecret: overlapMs > 0 ? endpoint.sealedSecret : null,
        previousSecretExpiresAt: overlapMs > 0 ? new Date(now.getTime() + overlapMs) : null,
      });
    });
    return { ...webhookEndpointView(row!, now), secret };
  }
}

export async function listWebhookEndpoints(db: TenantDatabase, request: PageRequest): Promise<Page<WebhookEndpointView>> {
  const window = await resolveWindow(request, (id) => webhookEndpointPosition(db.pool, id));
  const page = toPage(await selectWebhookEndpointPage(db.pool, window), request.limit, undefined, window);
  return { ...page, data: page.data.map((row) => webhookEndpointView(row)) };
}

export async function getWebhookEndpoint(db: TenantDatabase, id: string): Promise<WebhookEndpointView> {
  return webhookEndpointView(await requireEndpoint(db, id));
}

/** Deletes the endpoint and its delivery log; the events stay (GET /api/events). */
export async function deleteWebhookEndpoint(db: TenantDatabase, id: string): Promise<void> {
  if (!(await deleteWebhookEndpointRow(db.pool, id))) throw DomainError.notFound('Webhook endpoint', id);
}
