import { ConfigError } from '@app/core';
import { loadWebhookConfig } from './webhook-config';

describe('loadWebhookConfig', () => {
  it('defaults to a 10 s timeout and 8 tries starting 10 s apart', () => {
    expect(loadWebhookConfig({})).toEqual({
      WEBHOOK_TIMEOUT_MS: 10_000,
      WEBHOOK_MAX_ATTEMPTS: 8,
      WEBHOOK_RETRY_BASE_MS: 10_000,
    });
  });

  it('names every malformed variable', () => {
    const load = () => loadWebhookConfig({ WEBHOOK_MAX_ATTEMPTS: '0', WEBHOOK_TIMEOUT_MS: 'soon' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/WEBHOOK_MAX_ATTEMPTS: expected a whole number >= 1 \(got "0"\)/);
    expect(load).toThrow(/WEBHOOK_TIMEOUT_MS: expected a whole number/);
  });
});
