import { DEFAULT_AUDIT_RETENTION_DAYS, MAX_AUDIT_RETENTION_DAYS, MIN_AUDIT_RETENTION_DAYS } from '@nova/domain';
import { EnvReader } from '../env-reader';

export class AuditConfig {
  constructor(
    /** How long each tenant's audit log keeps an entry; older ones are pruned by the worker. */
    readonly retentionDays: number = DEFAULT_AUDIT_RETENTION_DAYS,
    /** Cron pattern (UTC) of the retention prune. */
    readonly prunePattern: string = '17 3 * * *',
  ) {}

  static fromEnv(env: EnvReader): AuditConfig {
    return new AuditConfig(
      env.int('AUDIT_LOG_RETENTION_DAYS', DEFAULT_AUDIT_RETENTION_DAYS, { min: MIN_AUDIT_RETENTION_DAYS, max: MAX_AUDIT_RETENTION_DAYS }),
      env.string('AUDIT_LOG_PRUNE_CRON', '17 3 * * *'),
    );
  }
}
