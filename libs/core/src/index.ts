export * from './config/parse-env';
export * from './config/core-config';
export * from './database/database-kind';
export * from './database/create-pool';
export * from './database/migrator';
