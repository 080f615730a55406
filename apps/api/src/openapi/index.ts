export * from './api-docs.decorators';
export * from './setup-openapi';
export * from './zod-openapi';
