import { Global, Module } from '@nestjs/common';
import { CentralDb } from './central-db.service';

@Global()
@Module({ providers: [CentralDb], exports: [CentralDb] })
export class CentralDbModule {}
