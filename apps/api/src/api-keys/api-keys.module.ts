import { Module } from '@nestjs/common';
import { ApiKeysController } from './api-keys.controller';
import { TenantController } from './tenant.controller';

@Module({ controllers: [ApiKeysController, TenantController] })
export class ApiKeysModule {}
