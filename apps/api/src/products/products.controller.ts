import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { listOf } from '../common/api-object';
import { createProduct, deleteProduct, getProduct, listProducts, updateProduct } from '@nova/billing';
import { TenantDb } from '@nova/tenancy';
import { AllowApiKey } from '../auth/auth.decorators';
import { CreateProductDto, ProductDto, ProductPageDto, UpdateProductDto } from './dto/product.dto';
import { PageQuery, pageRequest } from '../common/pagination';
import { ParseUuidPipe } from '../common/validation';

@ApiTags('Products')
@AllowApiKey()
@Controller('products')
export class ProductsController {
  constructor(private readonly tenantDb: TenantDb) {}

  @Post()
  @ApiCreatedResponse({ type: ProductDto })
  @ApiOperation({ summary: 'Create a product' })
  async create(@Body() body: CreateProductDto): Promise<ProductDto> {
    return ProductDto.from(await createProduct(await this.tenantDb.connection(), body));
  }

  @Get()
  @ApiOkResponse({ type: ProductPageDto })
  @ApiOperation({ summary: 'List products (cursor pagination, newest first)' })
  async list(@Query() query: PageQuery): Promise<ProductPageDto> {
    const page = await listProducts(await this.tenantDb.connection(), pageRequest(query));
    return listOf(page, ProductDto.from);
  }

  @Get(':id')
  @ApiOkResponse({ type: ProductDto })
  @ApiOperation({ summary: 'Get a product' })
  async get(@Param('id', ParseUuidPipe) id: string): Promise<ProductDto> {
    return ProductDto.from(await getProduct(await this.tenantDb.connection(), id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: ProductDto })
  @ApiOperation({ summary: 'Update a product' })
  async update(@Param('id', ParseUuidPipe) id: string, @Body() body: UpdateProductDto): Promise<ProductDto> {
    return ProductDto.from(await updateProduct(await this.tenantDb.connection(), { ...body, id }));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted (only products without plans; archive others with active=false)' })
  @ApiOperation({ summary: 'Delete a product' })
  async remove(@Param('id', ParseUuidPipe) id: string): Promise<void> {
    await deleteProduct(await this.tenantDb.connection(), id);
  }
}
