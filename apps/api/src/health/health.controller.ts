import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CentralDb } from '@nova/central-db';
import { UNAVAILABLE_RETRY_AFTER_SECONDS, ShutdownGate } from '@nova/common';
import { RedisConfig, TenantDbConfig } from '@nova/config';
import { checkCentralDatabase, checkRedis, checkTenantDatabaseServers } from '@nova/tenancy';
import { Public } from '../auth/auth.decorators';

@ApiTags('Health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly central: CentralDb,
    private readonly redis: RedisConfig,
    private readonly shutdown: ShutdownGate,
    private readonly tenantDb: TenantDbConfig,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'Liveness: the process is up' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOkResponse({ description: 'Readiness: the central database, Redis and every tenant database server (live and test databases) answer' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down (each component says which, e.g. `tenant-db-server:main`), or the process is shutting down' })
  async ready(@Res() reply: FastifyReply): Promise<void> {
    // A draining process is taken out of the load balancer first (the request hook already answers 503).
    if (this.shutdown.draining) return void (await reply.status(HttpStatus.SERVICE_UNAVAILABLE).send({ status: 'shutting-down', components: [] }));
    const components = (await Promise.all([checkCentralDatabase(this.central), checkRedis(this.redis.url), checkTenantDatabaseServers(this.tenantDb)])).flat();
    const ok = components.every((component) => component.ok);
    if (!ok) void reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    await reply.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).send({ status: ok ? 'ok' : 'unavailable', components });
  }
}
