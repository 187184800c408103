export * from './queues';
export * from './queue.module';
export * from './redis-connection';
