export * from './metrics-registry';
export * from './recorders';
export * from './metrics.module';
export * from './bearer-token';
