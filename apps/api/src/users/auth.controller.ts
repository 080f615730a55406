import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  ConsoleUser,
  ConsoleUserGuard,
  CurrentConsoleUser,
  DomainError,
  ErrorCode,
  SkipIdempotency,
  ZodValidationPipe,
} from '@app/core';
import { ApiErrors, ConsoleTokenAuth, ApiZodBody } from '../openapi/api-docs.decorators';
import { LoginRateLimitGuard } from './login-rate-limit.guard';
import { LoginDto, loginSchema, toUserView, UserView } from './users.dto';
import { UsersService } from './users.service';

/** Console login: email and password for a short-lived token (JWT) used by the console and its socket. */
@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(private readonly users: UsersService) {}

  /** Not idempotent-replayable on purpose: the stored response would be a live token. */
  @Post('login')
  @HttpCode(200)
  @SkipIdempotency()
  @UseGuards(LoginRateLimitGuard)
  @ApiZodBody(loginSchema, 'tenantId may be left out when the email exists in one tenant only')
  @ApiErrors(400, 401, 429)
  async login(
    @Body(new ZodValidationPipe(loginSchema)) body: LoginDto,
    @Req() request: FastifyRequest,
  ): Promise<{ token: string; expiresAt: string; user: UserView & { tenantId: string } }> {
    const { token, expiresAt, user } = await this.users.login(body, request.ip);
    return { token, expiresAt: expiresAt.toISOString(), user: { ...toUserView(user), tenantId: user.tenantId } };
  }

  /** Who the token belongs to; 401 once the user has been deleted, even if the token has not expired. */
  @Get('me')
  @ConsoleTokenAuth()
  @UseGuards(ConsoleUserGuard)
  async me(@CurrentConsoleUser() current: ConsoleUser): Promise<UserView & { tenantId: string }> {
    const user = await this.users.findById(current.tenantId, current.userId);
    if (!user) throw new DomainError(ErrorCode.Unauthenticated, 'this user no longer exists');
    return { ...toUserView(user), tenantId: user.tenantId };
  }
}
