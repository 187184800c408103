import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { LRUCache } from 'lru-cache';
import { CentralDb } from '@nova/central-db';
import { findAdminContact } from '../admin-users.repository';
import { AuditActor, AuditOrigin, auditContextSetting } from './audit-context';

const ACTOR_KEY = Symbol('nova.auditActor');
const SETTING_KEY = Symbol('nova.auditSetting');

/** What the guard knows of a user: the id; the e-mail is looked up at the first write (reads need none). */
type PendingActor = AuditActor | { readonly type: 'user'; readonly id: string; readonly label?: undefined };

interface ActorEntry {
  readonly actor: PendingActor;
  readonly origin: AuditOrigin;
}

/** E-mails of recent writers, briefly: a busy admin's writes do not each cost a central query. */
const EMAIL_CACHE_TTL_MS = 60_000;

/**
 * Who the current request or job acts as, for the audit log. The API's guard says it once the caller
 * is authenticated (user or API key, with IP, user agent and request id), the worker's TenantJobRunner
 * for each job (`system:<job>`), webhook intake for the provider. The tenant connection (TenantDb)
 * reads `setting()` whenever a write starts, so the audit triggers record it with the change.
 */
@Injectable()
export class AuditTrail {
  private readonly emails = new LRUCache<string, string>({ max: 10_000, ttl: EMAIL_CACHE_TTL_MS });

  constructor(
    private readonly cls: ClsService,
    private readonly central: CentralDb,
  ) {}

  /** The current context acts as `actor` from here on. */
  actAs(actor: PendingActor, origin: AuditOrigin = {}): void {
    this.cls.set<ActorEntry>(ACTOR_KEY, { actor, origin });
    this.cls.set(SETTING_KEY, undefined);
  }

  /** The actor of the current context, if one was set. */
  get actor(): PendingActor | undefined {
    return this.cls.isActive() ? this.cls.get<ActorEntry | undefined>(ACTOR_KEY)?.actor : undefined;
  }

  /** nova.audit_context for the current context (memoized in it), or undefined when no actor was set. */
  setting(): Promise<string | undefined> {
    if (!this.cls.isActive()) return Promise.resolve(undefined);
    const known = this.cls.get<Promise<string> | undefined>(SETTING_KEY);
    if (known) return known;
    const entry = this.cls.get<ActorEntry | undefined>(ACTOR_KEY);
    if (!entry) return Promise.resolve(undefined);
    const resolved = this.labelled(entry.actor).then((actor) => auditContextSetting(actor, entry.origin));
    this.cls.set(SETTING_KEY, resolved);
    return resolved;
  }

  private async labelled(actor: PendingActor): Promise<AuditActor> {
    if (actor.type !== 'user' || actor.label !== undefined) return actor;
    let email = this.emails.get(actor.id);
    if (email === undefined) {
      // Without the central database the change is still recorded, by user id alone.
      email = (await findAdminContact(this.central.pool, actor.id).catch(() => null))?.email;
      if (email !== undefined) this.emails.set(actor.id, email);
    }
    return { ...actor, label: email };
  }
}
