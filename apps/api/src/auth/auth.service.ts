import { Injectable } from '@nestjs/common';
import { CentralDb } from '@nova/central-db';
import { AppError, ErrorCode } from '@nova/common';
import { TenantDirectory, TenantProvisioning } from '@nova/tenancy';
import { LoginDto, RegisterDto, RegisterResponseDto } from './dto/auth.dto';
import { PasswordHasher } from './password-hasher';
import { assertTenantAccessible } from './tenant-access';
import { SessionMeta, TokenPair, TokenService } from './token.service';

@Injectable()
export class AuthService {
  // Verifying against a real hash when the e-mail is unknown keeps login timing uniform.
  private readonly dummyHash: Promise<string>;

  constructor(
    private readonly central: CentralDb,
    private readonly provisioning: TenantProvisioning,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly directory: TenantDirectory,
  ) {
    this.dummyHash = passwords.hash('not-a-real-password');
  }

  async register(input: RegisterDto, meta: SessionMeta): Promise<RegisterResponseDto> {
    const taken = await this.central.prisma.adminUser.findUnique({ where: { email: input.email }, select: { id: true } });
    if (taken) throw AppError.conflict('An account with this e-mail already exists', 'email');
    const passwordHash = await this.passwords.hash(input.password);
    const { tenant, owner } = await this.provisioning.provision({
      slug: input.slug,
      name: input.companyName,
      defaultCurrency: input.defaultCurrency,
      owner: { email: input.email, name: input.name, passwordHash },
    });
    const tokens = await this.tokens.issue(owner, meta);
    return { ...tokens, tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, status: tenant.status } };
  }

  async login(input: LoginDto, meta: SessionMeta): Promise<TokenPair> {
    const user = await this.central.prisma.adminUser.findUnique({ where: { email: input.email } });
    const valid = await this.passwords.verify(user?.passwordHash ?? (await this.dummyHash), input.password);
    if (!user || !valid) throw new AppError(ErrorCode.Unauthenticated, 'Wrong e-mail or password');
    // Only after the password: the suspension is no one else's business.
    assertTenantAccessible(await this.directory.find(user.tenantId));
    await this.central.prisma.adminUser.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
    return this.tokens.issue(user, meta);
  }

  refresh(refreshToken: string, meta: SessionMeta): Promise<TokenPair> {
    return this.tokens.rotate(refreshToken, meta);
  }

  logout(refreshToken: string): Promise<void> {
    return this.tokens.revoke(refreshToken);
  }
}
