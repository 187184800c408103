import { Module } from '@nestjs/common';
import { TestClocksController } from './test-clocks.controller';

@Module({ controllers: [TestClocksController] })
export class TestClocksModule {}
