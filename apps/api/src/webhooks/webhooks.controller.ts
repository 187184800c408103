import { Controller, HttpCode, HttpStatus, Param, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { IntakeResult, WebhookIntakeService } from './webhook-intake.service';

type RawRequest = FastifyRequest & { rawBody?: Buffer };

/**
 * Provider webhooks, outside the /api prefix: `/webhooks/<provider>/<tenant id>/<account id>`
 * (M-Pesa appends the account's secret path token). Authenticated by the provider's signature
 * over the raw body, never by our own credentials.
 */
@ApiExcludeController()
@Public()
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly intake: WebhookIntakeService) {}

  @Post(':provider/:tenantId/:accountId')
  @HttpCode(HttpStatus.OK)
  receive(@Param() params: Record<string, string>, @Req() request: RawRequest): Promise<IntakeResult> {
    return this.deliver(params, request);
  }

  @Post(':provider/:tenantId/:accountId/:pathSecret')
  @HttpCode(HttpStatus.OK)
  receiveWithPathSecret(@Param() params: Record<string, string>, @Req() request: RawRequest): Promise<IntakeResult> {
    return this.deliver(params, request);
  }

  private deliver(params: Record<string, string>, request: RawRequest): Promise<IntakeResult> {
    return this.intake.receive({
      provider: params.provider ?? '',
      tenantId: params.tenantId ?? '',
      accountId: params.accountId ?? '',
      pathSecret: params.pathSecret,
      rawBody: request.rawBody,
      headers: request.headers,
      query: request.query as Record<string, string | undefined>,
    });
  }
}
