import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { checkConfig, loadCoreConfig, runMain } from '@app/core';
import { Logger } from 'nestjs-pino';
import { WORKER_CONFIG_LOADERS } from './config-loaders';
import { WorkerModule } from './worker.module';

/**
 * The worker process of the production split: no HTTP, only job processors. SIGTERM lets the
 * running jobs finish before the process exits (the queue closes before the database pool).
 */
runMain('seed worker', async () => {
  checkConfig(WORKER_CONFIG_LOADERS);
  const config = loadCoreConfig();
  const app = await NestFactory.createApplicationContext(
    WorkerModule.forRoot({ config, migrate: process.env.MIGRATE_ON_START !== 'false' }),
    { bufferLogs: true, abortOnError: false },
  );
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  new NestLogger('Worker').log('seed worker started');
});
