import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CentralDb } from '@nova/central-db';
import { DATABASE_RETRY_AFTER_SECONDS } from '@nova/common';
import { RedisConfig } from '@nova/config';
import { checkRedis, checkWith } from '@nova/tenancy';
import { Public } from '../auth/auth.decorators';

@ApiTags('Health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly central: CentralDb,
    private readonly redis: RedisConfig,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'Liveness: the process is up' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOkResponse({ description: 'Readiness: the central database and Redis answer' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down' })
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const components = await Promise.all([checkWith('central-db', () => this.central.pool.query('SELECT 1')), checkRedis(this.redis.url)]);
    const ok = components.every((component) => component.ok);
    if (!ok) void reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    await reply.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).send({ status: ok ? 'ok' : 'unavailable', components });
  }
}
