// Prisma CLI configuration for the central database (the tenant registry): see prisma/cli-adapter.ts.
import { databaseCliConfig } from '../cli-adapter';

export default databaseCliConfig(__dirname, 'CENTRAL_DATABASE_URL');
