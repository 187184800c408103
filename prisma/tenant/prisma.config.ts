// Prisma CLI configuration for the tenant database template (one database per tenant): see prisma/cli-adapter.ts.
import { databaseCliConfig } from '../cli-adapter';

export default databaseCliConfig(__dirname, 'TENANT_DATABASE_URL');
