import { Injectable } from '@nestjs/common';
import { CentralDb } from '@nova/central-db';
import { inTransaction } from '@nova/common';
import { Optional } from '@nestjs/common';
import { CentralAuditLog } from '../audit/central-audit-log';
import { DomainError, TOTP_CODE_PATTERN } from '@nova/domain';
import { deleteRecoveryCodes, replaceRecoveryCodes } from '../account-tokens.repository';
import { AdminUserRow, clearTotp, enableTotp, findAdminUserById, findTotpState, setPendingTotpSecret } from '../admin-users.repository';
import { PasswordHasher } from '../password-hasher';
import { TotpSecrets, newRecoveryCodes } from '../totp-secrets';

export interface TotpEnrolment {
  secret: string;
  otpauthUri: string;
}

export async function existingUser(central: CentralDb, userId: string): Promise<AdminUserRow> {
  const user = await findAdminUserById(central.pool, userId);
  if (!user) throw DomainError.notFound('Admin user', userId);
  return user;
}

const wrongCode = () => DomainError.validation('code', 'code is wrong, expired or already used');

/**
 * Starts TOTP enrolment: a new secret, shown once (and as an otpauth URI for a QR code), sealed at
 * rest; MFA is on only after the first code is confirmed. The password is asked so a stolen access
 * token cannot bind the account to someone else's phone. Already enabled: 409 (disable first).
 */
@Injectable()
export class StartTotpEnrolment {
  constructor(
    private readonly central: CentralDb,
    private readonly passwords: PasswordHasher,
    private readonly totp: TotpSecrets,
  ) {}

  async execute(command: { userId: string; password: string }): Promise<TotpEnrolment> {
    const user = await existingUser(this.central, command.userId);
    if (!(await this.passwords.verify(user.passwordHash, command.password))) throw DomainError.validation('password', 'password is wrong');
    if (user.totpEnabledAt) throw DomainError.invalidState('Two-factor authentication is already on; disable it first to enrol a new device');
    const created = this.totp.create(user.id, user.email);
    await setPendingTotpSecret(this.central.pool, user.id, created.sealed);
    return { secret: created.secret, otpauthUri: created.otpauthUri };
  }
}

/** The first code from the authenticator: MFA is on, and ten recovery codes are returned, once. */
@Injectable()
export class ConfirmTotpEnrolment {
  constructor(
    private readonly central: CentralDb,
    private readonly totp: TotpSecrets,
    @Optional() private readonly audit?: CentralAuditLog,
  ) {}

  async execute(command: { userId: string; code: string }): Promise<string[]> {
    if (!TOTP_CODE_PATTERN.test(command.code)) throw wrongCode();
    const codes = await inTransaction(this.central.pool, async (client) => {
      const state = await findTotpState(client, command.userId, { lock: true });
      if (!state) throw DomainError.notFound('Admin user', command.userId);
      if (state.enabledAt) throw DomainError.invalidState('Two-factor authentication is already on');
      if (!state.secret) throw DomainError.invalidState('No enrolment is pending: start one with POST /api/account/mfa/totp');
      if (!(await this.totp.acceptCode(client, command.userId, command.code, { enabledOnly: false }))) throw wrongCode();
      await enableTotp(client, command.userId);
      const { codes, hashes } = newRecoveryCodes();
      await replaceRecoveryCodes(client, command.userId, hashes);
      return codes;
    });
    await this.audit?.record({ action: 'admin_user.mfa_enabled', objectType: 'admin_user', objectId: command.userId, before: { totp_enabled: false }, after: { totp_enabled: true } });
    return codes;
  }
}

export interface MfaProof {
  userId: string;
  /** A current TOTP code. */
  code?: string;
  /** Or the account password. */
  password?: string;
}

/** Turns MFA off (a current code or the password proves it is the user); the secret and the recovery codes are deleted. */
@Injectable()
export class DisableTotp {
  constructor(
    private readonly central: CentralDb,
    private readonly passwords: PasswordHasher,
    private readonly totp: TotpSecrets,
    @Optional() private readonly audit?: CentralAuditLog,
  ) {}

  async execute(command: MfaProof): Promise<void> {
    const user = await existingUser(this.central, command.userId);
    if (!user.totpEnabledAt) throw DomainError.invalidState('Two-factor authentication is not on');
    if (command.code === undefined && command.password === undefined) throw DomainError.validation('code', 'give a code from the authenticator or the password');
    const passwordOk = command.password !== undefined && (await this.passwords.verify(user.passwordHash, command.password));
    await inTransaction(this.central.pool, async (client) => {
      const codeOk = !passwordOk && command.code !== undefined && (await this.totp.acceptCode(client, user.id, command.code, { enabledOnly: true }));
      if (!passwordOk && !codeOk) throw command.code !== undefined ? wrongCode() : DomainError.validation('password', 'password is wrong');
      await clearTotp(client, user.id);
      await deleteRecoveryCodes(client, user.id);
    });
    await this.audit?.record({ action: 'admin_user.mfa_disabled', objectType: 'admin_user', objectId: user.id, before: { totp_enabled: true }, after: { totp_enabled: false, proof: passwordOk ? 'password' : 'code' } });
  }
}

/** Ten new recovery codes (the old ones stop working), for a current TOTP code. */
@Injectable()
export class RegenerateRecoveryCodes {
  constructor(
    private readonly central: CentralDb,
    private readonly totp: TotpSecrets,
    @Optional() private readonly audit?: CentralAuditLog,
  ) {}

  async execute(command: { userId: string; code: string }): Promise<string[]> {
    const user = await existingUser(this.central, command.userId);
    if (!user.totpEnabledAt) throw DomainError.invalidState('Two-factor authentication is not on');
    const codes = await inTransaction(this.central.pool, async (client) => {
      if (!(await this.totp.acceptCode(client, user.id, command.code, { enabledOnly: true }))) throw wrongCode();
      const { codes, hashes } = newRecoveryCodes();
      await replaceRecoveryCodes(client, user.id, hashes);
      return codes;
    });
    await this.audit?.record({ action: 'admin_user.recovery_codes_replaced', objectType: 'admin_user', objectId: user.id, after: { recovery_codes: '[masked]' } });
    return codes;
  }
}
