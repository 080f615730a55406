import { Inject, Injectable } from '@nestjs/common';
import { SECRET_BOX, SecretBox } from '@app/agents';
import { OutboundGuard, OutboundRefused } from '@app/core';
import { WEBHOOK_CONFIG, WebhookConfig } from './webhook-config';
import { DeliveryTarget } from './webhook-deliveries.repository';
import { signWebhookPayload } from './webhook-signature';

/** Enough of an error response to tell "bad gateway" from "invalid signature" in the delivery log. */
const MAX_ERROR_BODY_CHARS = 300;

export type SendOutcome = { ok: true; statusCode: number } | { ok: false; statusCode: number | null; error: string };

/**
 * One signed POST of a delivery. Any 2xx is success; a redirect is not followed (the receiver must
 * be configured with its final URL), an address the outbound policy refuses is a failed try with the
 * reason, and every failure becomes an outcome, never an exception.
 */
@Injectable()
export class WebhookSender {
  constructor(
    @Inject(SECRET_BOX) private readonly secrets: SecretBox,
    @Inject(WEBHOOK_CONFIG) private readonly config: WebhookConfig,
    private readonly outbound: OutboundGuard,
  ) {}

  async send(target: DeliveryTarget): Promise<SendOutcome> {
    const { delivery } = target;
    const { id, type, createdAt, tenantId, data } = delivery.payload;
    const body = JSON.stringify({ id, type, createdAt, tenantId, data });
    const timestamp = Math.floor(Date.now() / 1000);
    let signature: string;
    try {
      signature = signWebhookPayload(this.secrets.open(target.secret), timestamp, body);
    } catch (error) {
      return { ok: false, statusCode: null, error: (error as Error).message };
    }
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Seed-Webhooks/1',
      'seed-webhook-id': delivery.webhookId,
      'seed-event-type': delivery.eventType,
      'seed-delivery-id': delivery.id,
      'seed-timestamp': String(timestamp),
      'seed-signature': signature,
    };
    const timeout = AbortSignal.timeout(this.config.WEBHOOK_TIMEOUT_MS);
    try {
      const init = { method: 'POST', headers, body, redirect: 'manual' as const, signal: timeout };
      const response = await this.outbound.fetch(target.url, init);
      const excerpt = await readExcerpt(response);
      if (response.status >= 200 && response.status < 300) return { ok: true, statusCode: response.status };
      return { ok: false, statusCode: response.status, error: `HTTP ${response.status}${excerpt && `: ${excerpt}`}` };
    } catch (error) {
      if (error instanceof OutboundRefused) return { ok: false, statusCode: null, error: error.message };
      if (timeout.aborted)
        return { ok: false, statusCode: null, error: `no answer within ${this.config.WEBHOOK_TIMEOUT_MS} ms` };
      return { ok: false, statusCode: null, error: describeNetworkError(error) };
    }
  }
}

/** The start of the response body; the rest is not read (a receiver's answer is not our business). */
async function readExcerpt(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < MAX_ERROR_BODY_CHARS) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return text.slice(0, MAX_ERROR_BODY_CHARS).trim();
}

/** fetch says "fetch failed"; the useful part (ECONNREFUSED, ENOTFOUND...) is in its cause. */
function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `cannot reach the URL (${cause.code})`;
  return `cannot reach the URL (${cause?.message ?? (error as Error).message})`;
}
