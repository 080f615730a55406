/**
 * Both drivers accept the same queue names and job ids, so code that works in embedded mode keeps
 * working on BullMQ. BullMQ builds Redis keys as `prefix:queue:id`, so ':' is reserved, and it refuses
 * job ids that read as integers (they would collide with its own counter ids). Ids are rejected, not
 * rewritten: a rewrite could map two ids to one and would make `getJob(id)` disagree with the caller.
 */
const QUEUE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const MAX_JOB_ID_LENGTH = 256;

export class InvalidQueueInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidQueueInputError';
  }
}

export function assertValidQueueName(queue: string): void {
  if (!QUEUE_NAME.test(queue)) {
    throw new InvalidQueueInputError(
      `Queue name "${queue}" is invalid: use 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
  }
}

export function assertValidJobId(id: string): void {
  if (id.length === 0 || id.length > MAX_JOB_ID_LENGTH) {
    throw new InvalidQueueInputError(`Job id must be 1-${MAX_JOB_ID_LENGTH} characters (got ${id.length})`);
  }
  if (id.includes(':')) {
    throw new InvalidQueueInputError(
      `Job id "${id}" contains ':', which BullMQ reserves in Redis keys; use '-' instead`,
    );
  }
  if (`${parseInt(id, 10)}` === id) {
    throw new InvalidQueueInputError(
      `Job id "${id}" is an integer, which BullMQ reserves for its own ids; add a prefix`,
    );
  }
}

/** Exponential backoff shared by both drivers: `backoffMs` before the 2nd try, doubling after that. */
export function retryDelayMs(backoffMs: number, attemptsMade: number): number {
  return backoffMs * 2 ** Math.max(0, attemptsMade - 1);
}
