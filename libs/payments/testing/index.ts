// Local fake providers for integration and end-to-end tests. Import from 'libs/payments/testing'.
export * from './fake-server';
export * from './fake-paystack';
export * from './fake-stripe';
export * from './fake-razorpay';
export * from './fake-flutterwave';
export * from './fake-mpesa';
