export * from './tenant-context';
export * from './tenant-connections';
export * from './tenant-db.service';
export * from './tenant-directory';
export * from './tenant-databases';
export * from './tenant-provisioning';
export * from './tenancy.module';
export * from './platform-health';
