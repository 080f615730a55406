import { Logger } from '@nestjs/common';
import { checkConfig, env, loadCoreConfig, parseEnv, runMain, TenantsService } from '@app/core';
import { WORKER_JOB_MODULES } from '../../worker/src/job-modules';
import { API_CONFIG_LOADERS } from './config-loaders';
import { createApiApp } from './create-api-app';
import { DemoSetup } from './widget/demo-setup.service';

/**
 * `npm start`: the whole product in one process for a laptop or a small site. With nothing
 * configured it runs on embedded PGlite under DATA_DIR and the in-process queue; the same code and
 * SQL as the production split.
 */
runMain('seed', async () => {
  checkConfig(API_CONFIG_LOADERS);
  const config = loadCoreConfig();
  // The demo tenant (help pages, agent, widget on `/`) is on unless SEED_DEMO=false.
  const { SEED_DEMO } = parseEnv({ SEED_DEMO: env.bool(true) });
  const app = await createApiApp({ config, consumeJobs: true, migrate: true, jobModules: WORKER_JOB_MODULES });
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
  const url = `http://localhost:${config.PORT}`;
  new Logger('Seed').log(`Seed is running at ${url} (health: ${url}/health)`);
  process.stdout.write(`\nSeed is running at ${url}\n`);
  await createFirstTenant(app.get(TenantsService));
  if (SEED_DEMO) await setUpDemo(app.get(DemoSetup), config.PORT);
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

async function setUpDemo(demo: DemoSetup, port: number): Promise<void> {
  const created = await demo.ensure([`http://localhost:${port}`, `http://127.0.0.1:${port}`]);
  if (!created) return;
  process.stdout.write(`Demo: open http://localhost:${port}/ and chat with the Brightdesk assistant.\n`);
  if (created.adminKey) {
    process.stdout.write(`Demo tenant admin API key, shown once (to explore the API):\n${created.adminKey}\n`);
  }
}
