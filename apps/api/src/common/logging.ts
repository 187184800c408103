import type { Params } from 'nestjs-pino';

/** Structured JSON logs; credentials never reach them. */
export function loggerOptions(): Params {
  return {
    pinoHttp: {
      level: process.env.LOG_LEVEL ?? 'info',
      autoLogging: process.env.LOG_REQUESTS !== 'false',
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-paystack-signature"]',
          'req.headers["stripe-signature"]',
          'req.headers["x-razorpay-signature"]',
          'req.headers["verif-hash"]',
          '*.password',
          '*.refreshToken',
          '*.secret',
        ],
        censor: '[redacted]',
      },
      transport: process.env.LOG_PRETTY === 'true' ? { target: 'pino-pretty' } : undefined,
    },
  };
}
