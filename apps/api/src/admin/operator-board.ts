import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import type { FastifyRequest } from 'fastify';
import { OperatorConfig } from '@nova/config';
import { ErrorCode } from '@nova/domain';
import { QUEUES } from '@nova/queue';
import { type ErrorBody, statusFor } from '../common/http-error.filter';
import { authenticateOperator } from './operator-credential';

export const OPERATOR_BOARD_PATH = '/admin/queues';

const CHALLENGE = 'Basic realm="NovaBilling operators"';
const READING_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const UNAUTHENTICATED: ErrorBody = {
  statusCode: statusFor(ErrorCode.Unauthenticated),
  error: 'Unauthorized',
  code: ErrorCode.Unauthenticated,
  message: 'Operator credentials are required (OPERATOR_USERNAME/OPERATOR_PASSWORD or OPERATOR_TOKEN)',
};

/**
 * Bull Board for operators at /admin/queues: every queue of libs/queue, behind the operator
 * credential of OperatorConfig (not mounted at all without one). It is a Fastify plugin on Nest's
 * Fastify instance rather than a Nest controller, so it stays out of Swagger and of the tenant
 * AuthGuard; the root instance's hooks (X-Request-Id, the shutdown gate) still run first. Call
 * before the application initialises.
 */
export async function mountOperatorBoard(app: NestFastifyApplication): Promise<void> {
  const config = app.get(OperatorConfig);
  if (!config.enabled) return;
  const board = new BullBoardAdapter().setBasePath(OPERATOR_BOARD_PATH);
  createBullBoard({
    queues: Object.values(QUEUES).map((name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name), { strict: false }))),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'NovaBilling queues' } },
  });
  const logger = new Logger('OperatorBoard');
  const operatorOf = new WeakMap<FastifyRequest, string>();
  const fastify = app.getHttpAdapter().getInstance();
  // An encapsulated scope: its hooks guard the board's routes (pages, statics, JSON API) and nothing else.
  await fastify.register(
    async (scope) => {
      scope.addHook('onRequest', async (request, reply) => {
        const operator = authenticateOperator(request.headers.authorization, config);
        if (!operator) return reply.code(UNAUTHENTICATED.statusCode).header('www-authenticate', CHALLENGE).send(UNAUTHENTICATED);
        operatorOf.set(request, operator);
      });
      // Retrying, removing, adding or cleaning jobs and pausing queues are operator actions: each is logged.
      scope.addHook('onResponse', async (request, reply) => {
        const operator = operatorOf.get(request);
        if (!operator || READING_METHODS.has(request.method)) return; // a refused request did nothing
        logger.log({ requestId: request.id, method: request.method, path: request.url.split('?')[0], operator, statusCode: reply.statusCode }, 'Operator action on the queues');
      });
      await scope.register(board.registerPlugin());
    },
    { prefix: OPERATOR_BOARD_PATH },
  );
}
