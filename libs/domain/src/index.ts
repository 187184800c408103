export * from './money/currency';
