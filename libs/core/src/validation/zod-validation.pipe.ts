import { PipeTransform } from '@nestjs/common';
import type { ZodType } from 'zod';
import { DomainError, ErrorCode } from '../errors/domain.error';

/** Validates a request body or query against a zod schema; the 400 names each bad field. */
export class ZodValidationPipe<T> implements PipeTransform<unknown, T> {
  constructor(private readonly schema: ZodType<T>) {}

  transform(value: unknown): T {
    const result = this.schema.safeParse(value ?? {});
    if (result.success) return result.data;
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
    throw new DomainError(ErrorCode.ValidationFailed, problems.join('; '), { problems });
  }
}
