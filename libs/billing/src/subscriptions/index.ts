// The subscriptions context's public surface: the only file other code may import from this folder.
export * from './use-cases/create-subscription';
export * from './use-cases/cancel-subscription';
export * from './use-cases/mark-subscription-past-due';
export * from './use-cases/recover-subscription';
