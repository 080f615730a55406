import { loadCoreConfig, migrate, openDatabase, runMain } from '@app/core';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded PGlite under DATA_DIR). */
runMain('migrate', async () => {
  const config = loadCoreConfig();
  const database = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: 1,
    connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
  });
  try {
    const applied = await migrate(database.pool);
    process.stdout.write(applied.length ? `applied ${applied.join(', ')}\n` : 'database is up to date\n');
  } finally {
    await database.close();
  }
});
