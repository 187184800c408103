export * from './smtp-config';
export * from './mailer';
export * from './mail.module';
export * from './templates/invoice-email';
export { escapeHtml } from './templates/escape-html';
export * from './templates/payment-email';
export * from './templates/low-balance-email';
export * from './templates/account-locked-email';
export * from './templates/payment-reminder-email';
