export * from './secret-key';
export * from './token-signer';
export * from './password-hash';
export * from './bearer-token';
export * from './console-token';
export * from './auth.module';
