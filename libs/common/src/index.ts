export * from './prisma-errors';
export * from './concurrency';
export * from './sql';
export * from './pg-array';
export * from './database-errors';
export * from './csv';
export * from './graceful-shutdown';
export * from './keyset';
