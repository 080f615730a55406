import { loadCoreConfig } from '@app/core';
import { loadConversationsConfig, loadWebhookConfig } from '@app/conversations';
import { loadRagConfig, loadUrlSourcesConfig } from '@app/rag';
import { loadSlmConfig } from '@app/slm';

/**
 * Every configuration a job-running process reads, checked together at boot (`checkConfig`) so all bad
 * variables are reported in one message before anything is built. The api adds its own.
 */
export const WORKER_CONFIG_LOADERS: (() => unknown)[] = [
  loadCoreConfig,
  loadSlmConfig,
  loadRagConfig,
  loadUrlSourcesConfig,
  loadConversationsConfig,
  loadWebhookConfig,
];
