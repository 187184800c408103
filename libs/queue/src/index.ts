export * from './queues';
export * from './queue.module';
export * from './redis-connection';
export * from './invalidation-bus';
export * from './job-schedules';
