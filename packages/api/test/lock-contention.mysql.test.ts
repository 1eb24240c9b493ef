import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toTRPCError } from '../src/errors.ts';
import { type Caller, createTestApi, type TestApi } from '../src/testing.ts';

// MySQL only (see vitest.config.ts): SQLite has one writer at a time, so no deadlocks.
let api: TestApi;
let customer: Caller;

beforeAll(async () => {
  api = await createTestApi();
  customer = await api.as(api.users.customer);
});
afterAll(() => api?.dispose());

describe('two transactions waiting for each other (MySQL)', () => {
  it("answers a deadlock's victim SERVICE_UNAVAILABLE", async () => {
    const [a, b] = await Promise.all(
      ['A', 'B'].map((n) => customer.tickets.create({ subject: `Deadlock ${n}`, body: 'x' })),
    );
    // Two transactions lock the same two rows in opposite orders: InnoDB breaks the cycle by
    // rolling one back with ER_LOCK_DEADLOCK.
    const lockBoth = async (first: string, second: string) => {
      const connection = api.em().getConnection();
      const trx = await connection.begin();
      const lock = (id: string) =>
        connection.execute('update tickets set version = version where id = ?', [id], 'run', trx);
      try {
        await lock(first);
        await new Promise((resolve) => setTimeout(resolve, 200));
        await lock(second);
      } finally {
        await connection.rollback(trx);
      }
    };
    const outcomes = await Promise.allSettled([
      lockBoth(a?.id ?? '', b?.id ?? ''),
      lockBoth(b?.id ?? '', a?.id ?? ''),
    ]);
    const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(failures).toHaveLength(1);
    expect(toTRPCError(failures[0])).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });
});
