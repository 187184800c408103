import { Controller, HttpCode, HttpStatus, Param, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { TenantMode } from '@nova/domain';
import { PROVIDER_NAMES } from '@nova/payments';
import { Public } from '../auth/auth.decorators';
import { type IntakeResult, ReceiveWebhook } from '@nova/billing';

type RawRequest = FastifyRequest & { rawBody?: Buffer };

/**
 * Provider webhooks, outside the /api prefix: `/webhooks/<provider>/<tenant id>/<account id>` in
 * live mode, `/webhooks/test/<provider>/<tenant id>/<account id>` for the tenant's test-mode
 * accounts (M-Pesa appends the account's secret path token). Authenticated by the provider's
 * signature over the raw body, never by our own credentials.
 */
@ApiTags('Provider webhooks')
@ApiParam({ name: 'provider', enum: PROVIDER_NAMES, enumName: 'PaymentProviderName' })
@ApiParam({ name: 'tenantId', format: 'uuid' })
@ApiParam({ name: 'accountId', format: 'uuid', description: 'The payment-provider account (GET /api/payment-providers)' })
@ApiOkResponse({ description: 'Verified and stored (or already stored): processed by the worker, which first confirms Paystack, Flutterwave and M-Pesa payments with the provider\'s API' })
@ApiUnauthorizedResponse({ description: 'Missing or invalid signature: nothing is stored' })
@ApiBadRequestResponse({ description: 'Stale, malformed or unconfirmed event: nothing is stored' })
@Public()
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly receiveWebhook: ReceiveWebhook) {}

  @Post(':provider/:tenantId/:accountId')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'A provider posts a signed event', description: 'Configure this URL in the provider\'s dashboard. The body is verified byte for byte with the provider\'s own signature scheme.' })
  receive(@Param() params: Record<string, string>, @Req() request: RawRequest): Promise<IntakeResult> {
    return this.deliver('live', params, request);
  }

  @Post('test/:provider/:tenantId/:accountId')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'A provider posts a signed test-mode event', description: 'The URL of an account connected in test mode (it settles only test-mode payments). Verified like a live event.' })
  receiveTest(@Param() params: Record<string, string>, @Req() request: RawRequest): Promise<IntakeResult> {
    return this.deliver('test', params, request);
  }

  @Post(':provider/:tenantId/:accountId/:pathSecret')
  @HttpCode(HttpStatus.OK)
  @ApiParam({ name: 'pathSecret', description: 'M-Pesa only: the account\'s callback token (M-Pesa signs nothing)' })
  @ApiOperation({ summary: 'M-Pesa posts a callback', description: 'The callback URL the adapter hands Daraja. Stored at once (no call to Daraja inside this request); the worker confirms a success with an STK query, with retries, before it counts, and reconciles STK payments left pending.' })
  receiveWithPathSecret(@Param() params: Record<string, string>, @Req() request: RawRequest): Promise<IntakeResult> {
    return this.deliver('live', params, request);
  }

  @Post('test/:provider/:tenantId/:accountId/:pathSecret')
  @HttpCode(HttpStatus.OK)
  @ApiParam({ name: 'pathSecret', description: 'M-Pesa only: the account\'s callback token (M-Pesa signs nothing)' })
  @ApiOperation({ summary: 'M-Pesa posts a test-mode callback', description: 'The callback URL of an M-Pesa account connected in test mode (Daraja sandbox); handled like the live callback.' })
  receiveTestWithPathSecret(@Param() params: Record<string, string>, @Req() request: RawRequest): Promise<IntakeResult> {
    return this.deliver('test', params, request);
  }

  private deliver(mode: TenantMode, params: Record<string, string>, request: RawRequest): Promise<IntakeResult> {
    return this.receiveWebhook.execute({
      mode,
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
