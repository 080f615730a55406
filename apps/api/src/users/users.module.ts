import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { LoginRateLimitGuard } from './login-rate-limit.guard';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** Console users and their login. UsersService is exported for the console gateway (does a token's user still exist?). */
@Module({
  controllers: [UsersController, AuthController],
  providers: [UsersRepository, UsersService, LoginRateLimitGuard],
  exports: [UsersService],
})
export class UsersModule {}
