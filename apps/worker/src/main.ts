import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadCoreConfig, runMain } from '@app/core';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

/**
 * The worker process of the production split: no HTTP, only job processors. SIGTERM lets the
 * running jobs finish before the process exits (the queue closes before the database pool).
 */
runMain('seed worker', async () => {
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
