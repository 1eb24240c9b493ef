import { createTicketInput, listTicketsInput } from '@helpdesk/validators';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { appRouter } from '../src/root.ts';
import { syncInput } from '../src/trpc.ts';

interface InputParser {
  parse?: (value: unknown) => unknown;
  parseAsync?: unknown;
  '~standard'?: { vendor: string };
}

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { inputs: InputParser[] } }>,
);

describe('procedure inputs', () => {
  it('are all parsed synchronously (tRPC runs a zod schema through its slower parseAsync)', () => {
    expect(procedures.length).toBeGreaterThan(60);
    // tRPC picks `parseAsync` whenever a parser has one, so a bare zod schema shows up here.
    const unwrapped = procedures
      .filter(([, procedure]) => procedure._def.inputs.some((input) => input.parseAsync !== undefined))
      .map(([path]) => path);
    expect(unwrapped).toEqual([]);
  });

  it('keep zod as their standard schema, so clients infer input and output types from it', () => {
    for (const [, procedure] of procedures)
      for (const input of procedure._def.inputs) expect(input['~standard']?.vendor).toBe('zod');
  });

  it('answer what the schema answers, defaults applied, and refuse what it refuses with its ZodError', () => {
    const list = syncInput(listTicketsInput);
    expect(list.parse({ limit: 25, status: 'open' })).toEqual(
      listTicketsInput.parse({ limit: 25, status: 'open' }),
    );
    expect(list.parse({ limit: 25 })).toMatchObject({ sort: 'updated', limit: 25 });
    expect(() => syncInput(createTicketInput).parse({ subject: '', body: 'x' })).toThrow(ZodError);
  });
});
