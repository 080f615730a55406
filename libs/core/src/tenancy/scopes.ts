export const API_KEY_SCOPES = ['admin', 'agent', 'integration'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** The caller a guard resolved from its credentials; every service call is scoped by `tenantId`. */
export interface AuthContext {
  tenantId: string;
  keyId: string;
  scopes: ApiKeyScope[];
}

/** `admin` keys may do everything; other scopes only what they name. */
export function hasScope(granted: readonly ApiKeyScope[], required: readonly ApiKeyScope[]): boolean {
  if (required.length === 0 || granted.includes('admin')) return true;
  return required.some((scope) => granted.includes(scope));
}
