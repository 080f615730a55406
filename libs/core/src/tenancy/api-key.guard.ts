import { CanActivate, ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from '../errors/domain.error';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyScope, AuthContext, hasScope } from './scopes';

const SCOPES_KEY = 'seed:scopes';

/** Marks a controller or route as needing an API key with one of these scopes (`admin` passes all). */
export const RequireScopes = (...scopes: ApiKeyScope[]) => SetMetadata(SCOPES_KEY, scopes);

type AuthenticatedRequest = FastifyRequest & { auth?: AuthContext };

/** The tenant and scopes behind the request's API key. */
export const Auth = createParamDecorator((_: unknown, context: ExecutionContext): AuthContext => {
  const auth = context.switchToHttp().getRequest<AuthenticatedRequest>().auth;
  if (!auth) throw new Error('@Auth() used on a route without ApiKeyGuard');
  return auth;
});

@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const auth = await this.apiKeys.authenticate(bearerToken(request.headers.authorization));
    const required =
      this.reflector.getAllAndOverride<ApiKeyScope[]>(SCOPES_KEY, [context.getHandler(), context.getClass()]) ?? [];
    if (!hasScope(auth.scopes, required)) {
      throw new DomainError(ErrorCode.Forbidden, `this API key lacks the scope ${required.join(' or ')}`);
    }
    request.auth = auth;
    return true;
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}
