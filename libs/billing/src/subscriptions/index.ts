// The subscriptions context's public surface: the only file other code may import from this folder.
export type { SubscriptionRecord, SubscriptionItemRecord, SubscriptionFilter, ScheduledChange, PauseCollection } from './subscriptions.repository';
export { deleteSubscriptions, selectSubscriptionIdsOfCustomers } from './subscriptions.repository';
export { subscriptionResource } from './subscription-resource';
export * from './use-cases/create-subscription';
export * from './use-cases/cancel-subscription';
export * from './use-cases/mark-subscription-past-due';
export * from './use-cases/recover-subscription';
export * from './use-cases/get-subscription';
export * from './use-cases/list-subscriptions';
export * from './use-cases/advance-due-subscriptions';
export * from './use-cases/subscription-discount';
export * from './use-cases/customer-discount';
export * from './use-cases/change-subscription';
export * from './use-cases/pause-subscription';
