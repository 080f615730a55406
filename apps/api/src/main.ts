import { Logger } from '@nestjs/common';
import { checkConfig, loadCoreConfig, runMain } from '@app/core';
import { API_CONFIG_LOADERS } from './config-loaders';
import { createApiApp } from './create-api-app';

/** The api process of the production split: HTTP only, jobs go to the worker through the queue. */
runMain('seed api', async () => {
  checkConfig(API_CONFIG_LOADERS);
  const config = loadCoreConfig();
  const app = await createApiApp({ config, consumeJobs: false, migrate: process.env.MIGRATE_ON_START !== 'false' });
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
  new Logger('Seed').log(`seed api listening on http://localhost:${config.PORT}`);
});
