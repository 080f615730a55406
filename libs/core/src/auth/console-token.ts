import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { CORE_CONFIG, CoreConfig } from '../config/core-config';
import { DomainError, ErrorCode } from '../errors/domain.error';
import { bearerToken } from './bearer-token';
import { SignedToken, TokenSigner } from './token-signer';

export const USER_ROLES = ['admin', 'agent'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** A human agent of the console, as a verified token tells it (no database read). */
export interface ConsoleUser {
  userId: string;
  tenantId: string;
  role: UserRole;
}

/** The JWT claims of a console token. */
interface ConsoleClaims {
  sub: string;
  tid: string;
  role: UserRole;
}

/** For socket gateways: the console user behind a raw token, or a 401 DomainError ('token expired' / 'token invalid'). */
export function verifyConsoleToken(signer: TokenSigner, token: string | undefined): ConsoleUser {
  const claims = signer.verify<Partial<ConsoleClaims>>(token, 'console');
  const { sub, tid, role } = claims;
  if (typeof sub !== 'string' || typeof tid !== 'string' || !USER_ROLES.includes(role as UserRole)) {
    throw new DomainError(ErrorCode.Unauthenticated, 'token invalid');
  }
  return { userId: sub, tenantId: tid, role: role as UserRole };
}

/** Issues and checks console login tokens, AUTH_TOKEN_TTL_SECONDS long. */
@Injectable()
export class ConsoleTokens {
  constructor(
    private readonly signer: TokenSigner,
    @Inject(CORE_CONFIG) private readonly config: CoreConfig,
  ) {}

  issue(user: ConsoleUser): SignedToken {
    const claims: ConsoleClaims = { sub: user.userId, tid: user.tenantId, role: user.role };
    return this.signer.sign(claims, this.config.AUTH_TOKEN_TTL_SECONDS, 'console');
  }

  verify(token: string | undefined): ConsoleUser {
    return verifyConsoleToken(this.signer, token);
  }
}

const ROLES_KEY = 'seed:console-roles';

/** Limits a console route to these roles (admin passes everything). */
export const RequireRole = (...roles: UserRole[]) => SetMetadata(ROLES_KEY, roles);

export type ConsoleRequest = FastifyRequest & { consoleUser?: ConsoleUser };

/** HTTP routes for the console: `Authorization: Bearer <console token>`. */
@Injectable()
export class ConsoleUserGuard implements CanActivate {
  constructor(
    private readonly tokens: ConsoleTokens,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<ConsoleRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token)
      throw new DomainError(ErrorCode.Unauthenticated, 'missing console token (Authorization: Bearer <token>)');
    const user = this.tokens.verify(token);
    const roles = this.reflector.getAllAndOverride<UserRole[]>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (roles?.length && user.role !== 'admin' && !roles.includes(user.role)) {
      throw new DomainError(ErrorCode.Forbidden, `this route needs the role ${roles.join(' or ')}`);
    }
    request.consoleUser = user;
    return true;
  }
}

/** The console user ConsoleUserGuard verified. */
export const CurrentConsoleUser = createParamDecorator((_: unknown, context: ExecutionContext): ConsoleUser => {
  const user = context.switchToHttp().getRequest<ConsoleRequest>().consoleUser;
  if (!user) throw new Error('@CurrentConsoleUser() used on a route without ConsoleUserGuard');
  return user;
});
