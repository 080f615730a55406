import { Logger } from '@nestjs/common';
import { loadCoreConfig, runMain, TenantsService } from '@app/core';
import { WORKER_JOB_MODULES } from '../../worker/src/job-modules';
import { createApiApp } from './create-api-app';

/**
 * `npm start`: the whole product in one process for a laptop or a small site. With nothing
 * configured it runs on embedded PGlite under DATA_DIR and the in-process queue; the same code and
 * SQL as the production split.
 */
runMain('seed', async () => {
  const config = loadCoreConfig();
  const app = await createApiApp({ config, consumeJobs: true, migrate: true, jobModules: WORKER_JOB_MODULES });
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
  const url = `http://localhost:${config.PORT}`;
  new Logger('Seed').log(`Seed is running at ${url} (health: ${url}/health)`);
  process.stdout.write(`\nSeed is running at ${url}\n`);
  await createFirstTenant(app.get(TenantsService));
});

/**
 * A fresh embedded install gets a tenant and an admin key at once: the database belongs to this
 * process, so `npm run tenant:create` cannot run beside it.
 */
async function createFirstTenant(tenants: TenantsService): Promise<void> {
  if (!(await tenants.isFirstRun())) return;
  const { tenant, adminKey } = await tenants.createWithAdminKey('default', 'embedded-start');
  process.stdout.write(
    `Created tenant "${tenant.name}" (${tenant.id}). Its admin API key, shown once:\n${adminKey.key}\n`,
  );
}
