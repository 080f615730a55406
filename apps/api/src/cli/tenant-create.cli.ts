import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { runMain, TenantsService } from '@app/core';
import { CliModule } from './cli.module';

/** `npm run tenant:create -- --name acme`: creates a tenant and prints its first admin key, once. */
runMain('tenant:create', async () => {
  const { values } = parseArgs({ options: { name: { type: 'string' } }, strict: true });
  if (!values.name?.trim()) throw new Error('usage: npm run tenant:create -- --name <tenant name>');
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(), { logger: false, abortOnError: false });
  try {
    const { tenant, adminKey } = await app.get(TenantsService).createWithAdminKey(values.name, 'cli');
    process.stdout.write(
      `tenant  ${tenant.name} (${tenant.id})\n` + `admin key (shown once, store it now):\n${adminKey.key}\n`,
    );
  } finally {
    await app.close();
  }
});
