import { WORKER_CONFIG_LOADERS } from '../../worker/src/config-loaders';
import { loadRealtimeConfig } from './realtime/realtime.config';

/** The api reads everything a worker does (the embedded start runs the jobs too) plus its sockets' limits. */
export const API_CONFIG_LOADERS: (() => unknown)[] = [...WORKER_CONFIG_LOADERS, loadRealtimeConfig];
