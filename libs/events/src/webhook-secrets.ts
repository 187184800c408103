import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { CredentialsCipher } from '@nova/payments';
import { TenantContext } from '@nova/tenancy';

/** A new signing secret: `whsec_` + 32 random bytes (base64url), high-entropy like API keys. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * Seals endpoint signing secrets at rest with the provider credentials' cipher (AES-256-GCM under
 * ENCRYPTION_KEY), bound as AAD to the tenant and endpoint, so a sealed secret moved to another
 * row or tenant does not open. They must be recoverable (the worker signs with them), so no hash.
 */
@Injectable()
export class WebhookSecrets {
  constructor(
    private readonly cipher: CredentialsCipher,
    private readonly context: TenantContext,
  ) {}

  seal(endpointId: string, secret: string): string {
    return this.cipher.encrypt(secret, this.aad(endpointId));
  }

  open(endpointId: string, sealed: string): string {
    return this.cipher.decrypt(sealed, this.aad(endpointId));
  }

  private aad(endpointId: string): string {
    return `tenant:${this.context.tenantId}/webhook-endpoint:${endpointId}`;
  }
}
