// The catalog context's public surface: the only file other code may import from this folder.
export * from './catalog.types';
export { findSubscribablePrice, selectPriceTaxSettings, type SubscribablePrice, type PriceTaxSetting } from './catalog.repository';
export { deleteDiscountsOfCustomers } from './coupons.repository';
export * from './use-cases/create-product';
export * from './use-cases/get-product';
export * from './use-cases/update-product';
export * from './use-cases/delete-product';
export * from './use-cases/create-plan';
export * from './use-cases/get-plan';
export * from './use-cases/update-plan';
export * from './use-cases/delete-plan';
export * from './use-cases/create-price';
export * from './use-cases/update-price';
export * from './use-cases/coupons';
export * from './use-cases/discounts';
