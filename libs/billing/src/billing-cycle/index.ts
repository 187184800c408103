// The billing cycle: the one orchestrator allowed to call several contexts.
export * from './billing-cycle';
export * from './billing.service';
export * from './test-clocks';
