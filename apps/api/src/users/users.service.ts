import { Injectable } from '@nestjs/common';
import {
  AuditLogRepository,
  ConsoleTokens,
  DomainError,
  ErrorCode,
  NotFoundError,
  SignedToken,
  TenantsService,
  decoyPasswordHash,
  hashPassword,
  verifyPassword,
} from '@app/core';
import { CreateUserDto, LoginDto } from './users.dto';
import { UserRecord, UsersRepository } from './users.repository';

export interface LoginResult extends SignedToken {
  user: UserRecord;
}

/** Wrong password and unknown email read the same, so the answer never tells which emails exist. */
const INVALID_CREDENTIALS = 'invalid email or password';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: ConsoleTokens,
    private readonly tenants: TenantsService,
    private readonly auditLog: AuditLogRepository,
  ) {}

  async create(tenantId: string, input: CreateUserDto, actor: string): Promise<UserRecord> {
    const passwordHash = await hashPassword(input.password);
    const user = await this.users.insert(tenantId, { ...input, passwordHash });
    if (!user) throw new DomainError(ErrorCode.Conflict, `a user with email ${input.email} already exists`);
    const details = { email: user.email, role: user.role };
    await this.auditLog.append({ tenantId, actor, action: 'user.created', target: user.id, details });
    return user;
  }

  list(tenantId: string): Promise<UserRecord[]> {
    return this.users.listByTenant(tenantId);
  }

  /** For gateways and guards that want to know a token's user still exists. */
  findById(tenantId: string, id: string): Promise<UserRecord | null> {
    return this.users.findById(tenantId, id);
  }

  async delete(tenantId: string, id: string, actor: string): Promise<void> {
    if (!(await this.users.delete(tenantId, id))) throw new NotFoundError('user', id);
    await this.auditLog.append({ tenantId, actor, action: 'user.deleted', target: id });
  }

  /**
   * Checks the password against the email's account in `tenantId`, or against every account with that
   * email when no tenant is named. Exactly one match logs in; matches in several tenants need the
   * tenantId (only someone who knows the password learns that). An unknown email still costs one
   * scrypt, so response times do not reveal which emails exist.
   */
  async login(input: LoginDto, ip: string): Promise<LoginResult> {
    const candidates = await this.users.findCredentialsByEmail(input.email, input.tenantId);
    if (candidates.length === 0) {
      await verifyPassword(input.password, await decoyPasswordHash());
      await this.auditUnknownEmail(input, ip);
      throw new DomainError(ErrorCode.Unauthenticated, INVALID_CREDENTIALS);
    }
    const matches: UserRecord[] = [];
    for (const { passwordHash, ...user } of candidates) {
      if (await verifyPassword(input.password, passwordHash)) matches.push(user);
    }
    if (matches.length === 0) {
      for (const user of candidates) {
        await this.auditLog.append({
          tenantId: user.tenantId,
          actor: 'anonymous',
          action: 'auth.login_failed',
          target: user.id,
          details: { email: user.email, ip, reason: 'wrong password' },
        });
      }
      throw new DomainError(ErrorCode.Unauthenticated, INVALID_CREDENTIALS);
    }
    if (matches.length > 1) {
      throw new DomainError(
        ErrorCode.ValidationFailed,
        'tenantId is required: these credentials match accounts in several tenants',
      );
    }
    const [user] = matches;
    await this.auditLog.append({
      tenantId: user.tenantId,
      actor: `user:${user.id}`,
      action: 'auth.login',
      target: user.id,
      details: { ip },
    });
    return { ...this.tokens.issue({ userId: user.id, tenantId: user.tenantId, role: user.role }), user };
  }

  /** Audited only when the login named an existing tenant: an audit entry always belongs to one. */
  private async auditUnknownEmail(input: LoginDto, ip: string): Promise<void> {
    if (!input.tenantId || !(await this.tenants.findById(input.tenantId))) return;
    await this.auditLog.append({
      tenantId: input.tenantId,
      actor: 'anonymous',
      action: 'auth.login_failed',
      details: { email: input.email, ip, reason: 'unknown email' },
    });
  }
}
