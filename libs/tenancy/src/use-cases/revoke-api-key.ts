import { DomainError } from '@nova/domain';
import { Injectable, Optional } from '@nestjs/common';
import { ApiKey, CentralDb } from '@nova/central-db';
import { InvalidationBus } from '@nova/queue';
import { revokeApiKeyRow } from '../api-keys.repository';
import { CentralAuditLog } from '../audit/central-audit-log';

export interface RevokeApiKeyCommand {
  tenantId: string;
  apiKeyId: string;
}

/** Revokes the key (again is fine) and announces it, so every API process drops it from its cache (ApiKeyResolver). */
@Injectable()
export class RevokeApiKey {
  constructor(
    private readonly central: CentralDb,
    private readonly bus: InvalidationBus,
    @Optional() private readonly audit?: CentralAuditLog,
  ) {}

  async execute(command: RevokeApiKeyCommand): Promise<ApiKey> {
    const key = await revokeApiKeyRow(this.central.pool, command.tenantId, command.apiKeyId);
    if (!key) throw DomainError.notFound('API key', command.apiKeyId);
    await this.bus.publish('api-key-revoked', key.secretHash);
    await this.audit?.record({ action: 'api_key.updated', objectType: 'api_key', objectId: key.id, after: { revoked_at: key.revokedAt, prefix: key.prefix } });
    return key;
  }
}
