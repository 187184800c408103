import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createCoupon, getCoupon, listCoupons, updateCoupon } from '@nova/billing';
import { TenantDb } from '@nova/tenancy';
import { AllowApiKey } from '../auth/auth.decorators';
import { PageQuery, pageRequest } from '../common/pagination';
import { ParseUuidPipe } from '../common/validation';
import { CouponDto, CouponPageDto, CreateCouponDto, UpdateCouponDto } from './dto/coupon.dto';

@ApiTags('Coupons')
@AllowApiKey()
@Controller('coupons')
export class CouponsController {
  constructor(private readonly tenantDb: TenantDb) {}

  @Post()
  @ApiCreatedResponse({ type: CouponDto })
  @ApiOperation({ summary: 'Create a coupon', description: 'A percentage or an amount in one currency off invoices, for one invoice, N months, or for good; optionally limited in redemptions and time.' })
  async create(@Body() body: CreateCouponDto): Promise<CouponDto> {
    const { amountOff, redeemBy, ...rest } = body;
    return CouponDto.from(await createCoupon(await this.tenantDb.connection(), { ...rest, amountOff: amountOff === undefined ? undefined : BigInt(amountOff), redeemBy: redeemBy ? new Date(redeemBy) : undefined }));
  }

  @Get()
  @ApiOkResponse({ type: CouponPageDto })
  @ApiOperation({ summary: 'List coupons (cursor pagination, newest first)' })
  async list(@Query() query: PageQuery): Promise<CouponPageDto> {
    const page = await listCoupons(await this.tenantDb.connection(), pageRequest(query));
    return { object: 'list', ...page, data: page.data.map(CouponDto.from) };
  }

  @Get(':id')
  @ApiOkResponse({ type: CouponDto })
  @ApiOperation({ summary: 'Get a coupon' })
  async get(@Param('id', ParseUuidPipe) id: string): Promise<CouponDto> {
    return CouponDto.from(await getCoupon(await this.tenantDb.connection(), id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: CouponDto })
  @ApiOperation({ summary: 'Rename, archive or tag a coupon', description: 'Its terms never change once made. Metadata merges: keys given are set, a key given "" is removed.' })
  async update(@Param('id', ParseUuidPipe) id: string, @Body() body: UpdateCouponDto): Promise<CouponDto> {
    return CouponDto.from(await updateCoupon(await this.tenantDb.connection(), { id, ...body }));
  }
}
