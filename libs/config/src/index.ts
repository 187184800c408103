export * from './env-reader';
export * from './app-config';
export * from './config.module';
export * from './env-file';
export * from './areas/logging';
