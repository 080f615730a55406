import { z } from 'zod';
import { DomainError } from '../errors/domain.error';
import { ZodValidationPipe } from './zod-validation.pipe';

function problemOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.message;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('ZodValidationPipe', () => {
  it('names a bad path parameter by its name, not as the body', () => {
    const pipe = new ZodValidationPipe(z.string().uuid());
    expect(problemOf(() => pipe.transform('not-a-uuid', { type: 'param', data: 'id' }))).toMatch(/^id: /);
  });

  it('names fields inside a body or query by their path', () => {
    const pipe = new ZodValidationPipe(z.object({ limit: z.number() }));
    expect(problemOf(() => pipe.transform({ limit: 'x' }, { type: 'query' }))).toMatch(/^limit: /);
  });

  it('names a body that is wrong as a whole "body"', () => {
    const pipe = new ZodValidationPipe(z.array(z.string()));
    expect(problemOf(() => pipe.transform('x', { type: 'body' }))).toMatch(/^body: /);
  });

  it('passes a valid value through, parsed', () => {
    expect(new ZodValidationPipe(z.coerce.number()).transform('7', { type: 'param', data: 'version' })).toBe(7);
  });
});
