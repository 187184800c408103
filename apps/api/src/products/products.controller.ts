import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AppError } from '@nova/common';
import { TenantPrisma } from '@nova/tenant-db';
import { TenantDb } from '@nova/tenancy';
import { AllowApiKey } from '../auth/auth.decorators';
import { CreateProductDto, ProductDto, UpdateProductDto } from './dto/product.dto';

@ApiTags('Products')
@ApiBearerAuth('api-key')
@ApiBearerAuth('jwt')
@AllowApiKey()
@Controller('products')
export class ProductsController {
  constructor(private readonly db: TenantDb) {}

  @Post()
  @ApiCreatedResponse({ type: ProductDto })
  async create(@Body() body: CreateProductDto): Promise<ProductDto> {
    const prisma = await this.db.client();
    return ProductDto.from(await prisma.product.create({ data: { ...body, metadata: (body.metadata ?? {}) as TenantPrisma.InputJsonValue } }));
  }

  @Get()
  @ApiOkResponse({ type: [ProductDto] })
  async list(): Promise<ProductDto[]> {
    const prisma = await this.db.client();
    return (await prisma.product.findMany({ orderBy: { createdAt: 'desc' } })).map(ProductDto.from);
  }

  @Get(':id')
  @ApiOkResponse({ type: ProductDto })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<ProductDto> {
    return ProductDto.from(await this.find(id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: ProductDto })
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateProductDto): Promise<ProductDto> {
    await this.find(id);
    const prisma = await this.db.client();
    const { metadata, ...rest } = body;
    return ProductDto.from(await prisma.product.update({ where: { id }, data: { ...rest, ...(metadata ? { metadata: metadata as TenantPrisma.InputJsonValue } : {}) } }));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted (only products without plans; archive others with active=false)' })
  async remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.find(id);
    const prisma = await this.db.client();
    if ((await prisma.plan.count({ where: { productId: id } })) > 0) throw AppError.invalidState(`Product ${id} has plans; set active=false instead`);
    await prisma.product.delete({ where: { id } });
  }

  private async find(id: string) {
    const prisma = await this.db.client();
    const product = await prisma.product.findUnique({ where: { id } });
    if (!product) throw AppError.notFound('Product', id);
    return product;
  }
}
