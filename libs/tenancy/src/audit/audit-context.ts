// Who is changing a tenant's data and from where, as the audit triggers read it (the transaction-
// local setting nova.audit_context; see the audit_log migration). One shape for the API and the worker.

/** user: an admin with a JWT; api_key: a tenant's key; system: a worker job; provider: a payment provider's webhook. */
export type AuditActorType = 'user' | 'api_key' | 'system' | 'provider';

export interface AuditActor {
  readonly type: AuditActorType;
  /** admin user id, API key id, job name, provider account id. */
  readonly id: string;
  /** What a person recognises: the user's e-mail, the key's prefix, `system:<job>`, `webhook:<provider>`. */
  readonly label?: string;
}

/** Where the change came from: the HTTP client (IP, user agent) and the request id (in a job: its correlation id). */
export interface AuditOrigin {
  readonly ip?: string;
  readonly userAgent?: string;
  readonly requestId?: string;
}

/** The actor of a worker job: `system:<job name>`. */
export function systemActor(jobName: string): AuditActor {
  return { type: 'system', id: jobName, label: `system:${jobName}` };
}

/** The value of nova.audit_context for this actor and origin (the keys the trigger function reads). */
export function auditContextSetting(actor: AuditActor, origin: AuditOrigin): string {
  return JSON.stringify({
    actorType: actor.type,
    actorId: actor.id,
    actorLabel: actor.label,
    ip: origin.ip,
    // A user agent is the client's text: bounded so one request cannot bloat every entry it writes.
    userAgent: origin.userAgent?.slice(0, 500),
    requestId: origin.requestId,
  });
}
