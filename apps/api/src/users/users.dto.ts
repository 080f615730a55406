import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, USER_ROLES } from '@app/core';
import { UserRecord } from './users.repository';

export const uuidSchema = z.string().uuid('expected a UUID');

/** Emails are compared lower-cased: `Ana@Example.com` and `ana@example.com` are one account. */
const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'expected at most 254 characters')
  .email('expected an email address');

export const createUserSchema = z
  .object({
    email: emailSchema,
    name: z.string().trim().max(200, 'expected at most 200 characters').default(''),
    password: z
      .string()
      .min(PASSWORD_MIN_LENGTH, `expected at least ${PASSWORD_MIN_LENGTH} characters`)
      .max(PASSWORD_MAX_LENGTH, `expected at most ${PASSWORD_MAX_LENGTH} characters`),
    role: z.enum(USER_ROLES, { message: `expected one of ${USER_ROLES.join(', ')}` }),
  })
  .strict();
export type CreateUserDto = z.infer<typeof createUserSchema>;

/**
 * `tenantId` may be left out when the email and password belong to one tenant only; if they match
 * accounts in several tenants the login answers 400 and asks for it.
 */
export const loginSchema = z
  .object({
    email: emailSchema,
    password: z
      .string()
      .min(1, 'expected a password')
      .max(PASSWORD_MAX_LENGTH, `expected at most ${PASSWORD_MAX_LENGTH} characters`),
    tenantId: uuidSchema.optional(),
  })
  .strict();
export type LoginDto = z.infer<typeof loginSchema>;

/** What the API shows of a user: never the password hash. */
export interface UserView {
  id: string;
  email: string;
  name: string;
  role: string;
  createdAt: string;
}

export function toUserView(user: UserRecord): UserView {
  return { id: user.id, email: user.email, name: user.name, role: user.role, createdAt: user.createdAt.toISOString() };
}
