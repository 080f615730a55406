import { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import type { ZodType } from 'zod';
import { DomainError, ErrorCode } from '../errors/domain.error';

/**
 * Validates a request body, query or path parameter against a zod schema; the 400 names each bad field.
 * A problem with the value as a whole is named after what Nest bound it from: the path parameter's
 * name (`id`), else `body` or `query`.
 */
export class ZodValidationPipe<T> implements PipeTransform<unknown, T> {
  constructor(private readonly schema: ZodType<T>) {}

  transform(value: unknown, metadata?: ArgumentMetadata): T {
    const result = this.schema.safeParse(value ?? {});
    if (result.success) return result.data;
    const whole = metadata?.data ?? (metadata?.type === 'custom' ? undefined : metadata?.type) ?? 'body';
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || whole}: ${issue.message}`);
    throw new DomainError(ErrorCode.ValidationFailed, problems.join('; '), { problems });
  }
}
