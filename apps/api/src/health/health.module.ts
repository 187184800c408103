import { Module } from '@nestjs/common';
import { ShutdownGate } from '@nova/common';
import { HealthController } from './health.controller';

/** Provides the process's ShutdownGate: readiness reads it, the shutdown sequence closes it. */
@Module({ controllers: [HealthController], providers: [{ provide: ShutdownGate, useFactory: () => new ShutdownGate() }], exports: [ShutdownGate] })
export class HealthModule {}
