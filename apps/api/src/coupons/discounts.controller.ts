import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { applyCustomerDiscount, applySubscriptionDiscount, getCustomerDiscount, getSubscriptionDiscount, removeCustomerDiscount, removeSubscriptionDiscount } from '@nova/billing';
import { TenantDb } from '@nova/tenancy';
import { AllowApiKey } from '../auth/auth.decorators';
import { ParseUuidPipe } from '../common/validation';
import { ApplyCouponDto, DiscountDto } from './dto/coupon.dto';

/** A coupon applied to a subscription, or to a customer (its subscriptions without one of their own). */
@ApiTags('Coupons')
@AllowApiKey()
@Controller()
export class DiscountsController {
  constructor(private readonly tenantDb: TenantDb) {}

  @Post('subscriptions/:id/discount')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: DiscountDto })
  @ApiOperation({ summary: "Apply a coupon to a subscription", description: 'Replaces its discount; its next invoices take it as the coupon says. Refused (400 naming coupon) when the coupon is archived, expired, used up or in another currency.' })
  async applyToSubscription(@Param('id', ParseUuidPipe) id: string, @Body() body: ApplyCouponDto): Promise<DiscountDto> {
    return DiscountDto.from(await applySubscriptionDiscount(await this.tenantDb.connection(), { subscriptionId: id, coupon: body.coupon }));
  }

  @Get('subscriptions/:id/discount')
  @ApiOkResponse({ type: DiscountDto })
  @ApiOperation({ summary: "Get a subscription's discount", description: '404 when it has none of its own (its customer may have one).' })
  async getForSubscription(@Param('id', ParseUuidPipe) id: string): Promise<DiscountDto> {
    return DiscountDto.from(await getSubscriptionDiscount(await this.tenantDb.connection(), id));
  }

  @Delete('subscriptions/:id/discount')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Ended: invoices already issued keep theirs' })
  @ApiOperation({ summary: "Remove a subscription's discount" })
  async removeFromSubscription(@Param('id', ParseUuidPipe) id: string): Promise<void> {
    await removeSubscriptionDiscount(await this.tenantDb.connection(), id);
  }

  @Post('customers/:id/discount')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: DiscountDto })
  @ApiOperation({ summary: 'Apply a coupon to a customer', description: "Every subscription of the customer without a discount of its own takes it. Replaces the customer's discount." })
  async applyToCustomer(@Param('id', ParseUuidPipe) id: string, @Body() body: ApplyCouponDto): Promise<DiscountDto> {
    return DiscountDto.from(await applyCustomerDiscount(await this.tenantDb.connection(), { customerId: id, coupon: body.coupon }));
  }

  @Get('customers/:id/discount')
  @ApiOkResponse({ type: DiscountDto })
  @ApiOperation({ summary: "Get a customer's discount" })
  async getForCustomer(@Param('id', ParseUuidPipe) id: string): Promise<DiscountDto> {
    return DiscountDto.from(await getCustomerDiscount(await this.tenantDb.connection(), id));
  }

  @Delete('customers/:id/discount')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Ended: invoices already issued keep theirs' })
  @ApiOperation({ summary: "Remove a customer's discount" })
  async removeFromCustomer(@Param('id', ParseUuidPipe) id: string): Promise<void> {
    await removeCustomerDiscount(await this.tenantDb.connection(), id);
  }
}
