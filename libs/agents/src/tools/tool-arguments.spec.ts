import type { Entity } from '../entities/entity.types';
import { assertValidParametersSchema, checkToolArguments, fillToolArguments } from './tool-arguments';

const tool = {
  parameters: {
    type: 'object',
    properties: {
      order_number: { type: 'string' },
      email: { type: 'string', format: 'email' },
      amount: { type: 'number' },
    },
    required: ['order_number', 'email'],
  },
  argumentEntities: { amount: 'amount' },
};

const entities = [
  { type: 'order_number', value: 'A12345', text: 'a12345', start: 0, end: 6 },
  { type: 'amount', value: { value: 12.5, currency: 'EUR' }, text: '€12.50', start: 10, end: 16 },
] as Entity[];

describe('tool arguments', () => {
  it('fills parameters from entities of the same or the mapped type', () => {
    expect(fillToolArguments(tool, entities)).toEqual({ order_number: 'A12345', amount: 12.5 });
  });

  it('names what is missing so the visitor can be asked for it', () => {
    expect(checkToolArguments(tool, fillToolArguments(tool, entities))).toMatchObject({
      ok: false,
      missing: ['email'],
    });
    expect(checkToolArguments(tool, { order_number: 'A1', email: 'a@b.io' })).toEqual({
      ok: true,
      args: { order_number: 'A1', email: 'a@b.io' },
    });
  });

  it('rejects an invalid JSON schema when the tool is saved', () => {
    expect(assertValidParametersSchema({ type: 'object' })).toBeNull();
    expect(assertValidParametersSchema({ type: 'no-such-type' })).toMatch(/type/);
  });
});
