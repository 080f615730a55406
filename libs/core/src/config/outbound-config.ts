import { z } from 'zod';
import { allowedHostProblem, OutboundPolicy } from '../http/outbound-policy';
import { env } from './parse-env';

/**
 * Which addresses the crawler, webhooks and agent HTTP tools may call. Tenant admins choose those URLs,
 * so by default only public addresses are reached; a single-organisation install that crawls its
 * intranet lifts the rule for what it names. Part of CoreConfig so every process reads it the same way.
 */
export const outboundEnv = {
  OUTBOUND_ALLOW_PRIVATE: env.bool(false),
  /** Comma-separated host names (wiki.corp, *.corp), IP addresses and ranges (10.1.0.0/16). */
  OUTBOUND_ALLOWED_HOSTS: z
    .string()
    .optional()
    .transform(splitList)
    .superRefine((entries, context) => {
      const problems = entries.map(allowedHostProblem).filter((problem) => problem !== null);
      for (const message of problems) context.addIssue({ code: 'custom', message });
    }),
};

export function outboundPolicyOf(config: {
  OUTBOUND_ALLOW_PRIVATE: boolean;
  OUTBOUND_ALLOWED_HOSTS: string[];
}): OutboundPolicy {
  return { allowPrivate: config.OUTBOUND_ALLOW_PRIVATE, allowedHosts: config.OUTBOUND_ALLOWED_HOSTS };
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}
