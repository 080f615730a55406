export * from './queue.types';
export * from './queue-names';
export * from './queue-processor.decorator';
export * from './queue-driver.factory';
export * from './queue.module';
export * from './inline-queue.driver';
export * from './bullmq-queue.driver';
