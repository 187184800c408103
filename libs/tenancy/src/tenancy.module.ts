import { Global, Module } from '@nestjs/common';
import { TenantConnections } from './tenant-connections';
import { TenantContext } from './tenant-context';
import { TenantDatabases } from './tenant-databases';
import { TenantDb } from './tenant-db.service';
import { TenantDirectory } from './tenant-directory';
import { TenantProvisioning } from './tenant-provisioning';

const providers = [TenantContext, TenantConnections, TenantDb, TenantDirectory, TenantDatabases, TenantProvisioning];

/** Requires NovaConfigModule, CentralDbModule and ClsModule (nestjs-cls) in the application. */
@Global()
@Module({ providers, exports: providers })
export class TenancyModule {}
