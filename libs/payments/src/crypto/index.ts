export * from './credentials-cipher';
export * from './mask-secret';
