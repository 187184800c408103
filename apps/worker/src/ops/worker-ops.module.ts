import { Module } from '@nestjs/common';
import { ShutdownGate } from '@nova/common';
import { JobMetrics } from './job-metrics';
import { WorkerHttpServer } from './worker-http';

/** The worker's operations side: its ShutdownGate (readiness reads it), job metrics and the HTTP listener. */
@Module({
  providers: [{ provide: ShutdownGate, useFactory: () => new ShutdownGate() }, JobMetrics, WorkerHttpServer],
  exports: [ShutdownGate, JobMetrics, WorkerHttpServer],
})
export class WorkerOpsModule {}
