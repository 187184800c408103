// What `npm start` prints once everything is up: one block with the URLs and credentials a
// developer needs, so the demo API key does not scroll away under the API's and worker's logs.
import { connect } from 'node:net';
import { Queue } from 'bullmq';
import { AppConfig } from '@nova/config';
import { QUEUES, redisOptionsFromUrl } from '@nova/queue';

/** The web UI of Mailpit (docker-compose's `mailpit`; its SMTP port is 1025, SMTP_PORT's default). */
const MAILPIT_UI = 'http://localhost:8025';
const MAILPIT_RUN = 'docker run -d -p 1025:1025 -p 8025:8025 axllent/mailpit';
const MAIL_RUN_HINT = `${MAILPIT_RUN} before npm start, then ${MAILPIT_UI}`;

export interface RunningFacts {
  config: AppConfig;
  demo: { email: string; password: string; apiKey: string };
  workerSeen: boolean;
  smtpAnswers: boolean;
  /** The directory npm start's own mail catcher writes e-mails to, when it runs one. */
  mailCaughtIn?: string;
}

export function startSummary({ config, demo, workerSeen, smtpAnswers, mailCaughtIn }: RunningFacts): string {
  const origin = `http://localhost:${config.http.port}`;
  const { operator, mail } = config;
  const board = `${origin}/admin/queues`;
  const boardLines = !operator.enabled
    ? ['off: set OPERATOR_USERNAME and OPERATOR_PASSWORD (or OPERATOR_TOKEN) in .env to turn it on']
    : [
        `${board}`,
        ...(operator.basic ? [`log in as "${operator.basic.username}" with OPERATOR_PASSWORD (.env or the environment)`] : []),
        ...(operator.token ? [`${operator.basic ? 'or ' : ''}send Authorization: Bearer $OPERATOR_TOKEN`] : []),
      ];
  const smtp = `${mail.host}:${mail.port}`;
  const mailLines = mailCaughtIn
    ? [`caught locally, one .eml file each in ${mailCaughtIn}/ (nothing else answered at ${smtp})`, `for a web UI instead: ${MAIL_RUN_HINT}`]
    : smtpAnswers
    ? [`sent over SMTP to ${smtp} (SMTP_HOST, SMTP_PORT)`, `if that is Mailpit, read them at ${MAILPIT_UI}`]
    : [`not sent: nothing answers at ${smtp} (SMTP_HOST, SMTP_PORT); the worker retries them`, `to read them locally: ${MAIL_RUN_HINT}`];
  const rows: [string, string[]][] = [
    ['API', [`${origin}/api`]],
    ['Swagger UI', [`${origin}/api/docs`]],
    ['Demo login', [`${demo.email} / ${demo.password}`]],
    ['Demo API key', [demo.apiKey, `curl -H "Authorization: Bearer ${demo.apiKey}" ${origin}/api/customers`]],
    ['Bull Board', boardLines],
    ['E-mail', mailLines],
    ['Worker', [workerSeen ? 'running' : 'not seen yet: watch its log lines below']],
  ];
  const rule = '─'.repeat(78);
  const body = rows.flatMap(([label, lines]) => lines.map((line, index) => `  ${(index === 0 ? label : '').padEnd(14)}${line}`));
  return ['', rule, '  NovaBilling is running (Ctrl-C stops it)', '', ...body, rule, ''].join('\n');
}

/** Whether a worker is consuming the queues (BullMQ names its Redis connections), for up to `timeoutMs`. */
export async function untilWorkerSeen(config: AppConfig, timeoutMs = 30_000): Promise<boolean> {
  const queue = new Queue(QUEUES.billing, { connection: redisOptionsFromUrl(config.redis.url), prefix: config.redis.queuePrefix });
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      // A Redis that refuses CLIENT LIST (some managed ones) never shows workers: the summary says so and goes on.
      if ((await queue.getWorkersCount().catch(() => 0)) > 0) return true;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return false;
  } finally {
    await queue.close();
  }
}

/** Whether something accepts TCP connections on the SMTP relay's address (not a full SMTP check). */
export function smtpAnswers(config: AppConfig, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: config.mail.host, port: config.mail.port, timeout: timeoutMs });
    const done = (answers: boolean) => (socket.destroy(), resolve(answers));
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}
