import { Global, Module } from '@nestjs/common';
import { CORE_CONFIG, CoreConfig } from '../config/core-config';
import { ConsoleTokens, ConsoleUserGuard } from './console-token';
import { SECRET_KEY, loadSecretKey } from './secret-key';
import { TokenSigner } from './token-signer';

/** Token signing for console logins and widget visitors, available everywhere. */
@Global()
@Module({
  providers: [
    { provide: SECRET_KEY, inject: [CORE_CONFIG], useFactory: (config: CoreConfig) => loadSecretKey(config) },
    { provide: TokenSigner, inject: [SECRET_KEY], useFactory: (key: Buffer) => new TokenSigner(key) },
    ConsoleTokens,
    ConsoleUserGuard,
  ],
  exports: [SECRET_KEY, TokenSigner, ConsoleTokens, ConsoleUserGuard],
})
export class AuthModule {}
