import { TicketEvent } from '@helpdesk/db';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, createTestApi, type TestApi, trpcCode } from '../src/testing.ts';

/**
 * fast-check's scheduler starts concurrent operations in every order it can think of; whatever
 * the order, the invariants hold: of changes based on the same version at most one lands, every
 * landed change moves the version exactly once, and throttles count every attempt.
 */
let api: TestApi;
let customer: Caller;
let agent: Caller;
let admin: Caller;

beforeAll(async () => {
  api = await createTestApi();
  customer = await api.as(api.users.customer);
  agent = await api.as(api.users.agent);
  admin = await api.as(api.users.admin);
});
afterAll(() => api?.dispose());

describe('interleaved agents', () => {
  it('assignment, status changes, bulk actions and replies never lose or double a change', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        const ticket = await customer.tickets.create({ subject: 'Interleaved', body: 'x' });
        const version = (await agent.tickets.get({ id: ticket.id })).version;
        const operations = {
          update: () => agent.tickets.update({ id: ticket.id, version, priority: 'urgent' }),
          take: () => admin.tickets.take({ id: ticket.id, version }),
          bulk: () => agent.tickets.bulkUpdate({ ids: [ticket.id], addTags: ['bulk'] }),
          reply: () => customer.tickets.reply({ ticketId: ticket.id, body: 'any news?' }),
          note: () => agent.tickets.reply({ ticketId: ticket.id, body: 'looking', internal: true }),
        };
        const started = Object.entries(operations).map(([name, run]) =>
          s.schedule(Promise.resolve(name)).then(() => trpcCode(run())),
        );
        await s.waitAll();
        const codes = Object.fromEntries(
          (await Promise.all(started)).map((code, i) => [Object.keys(operations)[i], code]),
        );
        const landed = Object.values(codes).filter((code) => code === 'OK').length;

        // Same base version: at most one of the two lands; the others never conflict.
        expect([codes.update, codes.take].filter((code) => code === 'OK').length).toBeLessThanOrEqual(1);
        for (const name of ['bulk', 'reply', 'note']) expect(codes[name]).toBe('OK');
        for (const code of Object.values(codes)) expect(['OK', 'CONFLICT']).toContain(code);

        const final = await agent.tickets.get({ id: ticket.id });
        expect(final.version).toBe(version + landed);
        expect(final.tags).toEqual(['bulk']);
        if (codes.update === 'OK') expect(final.priority).toBe('urgent');
        if (codes.take === 'OK') expect(final.assignee?.id).toBe(api.users.admin.id);
        const replies = await api
          .em()
          .count(TicketEvent, { ticket: ticket.id, kind: { $in: ['replied', 'note_added'] } });
        expect(replies).toBe(2);
      }),
      { numRuns: 8, seed: 4242 },
    );
  });
});

describe('interleaved sign-in attempts', () => {
  it('are counted exactly, whatever their order', async () => {
    let round = 0;
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        round += 1;
        const anonymous = await api.as(null, { ip: `198.51.100.${round}` });
        const email = `interleaved.${round}@example.test`;
        const attempts = Array.from({ length: 15 }, () =>
          s
            .schedule(Promise.resolve())
            .then(() => trpcCode(anonymous.auth.signIn({ email, password: 'guess guess' }))),
        );
        await s.waitAll();
        const codes = await Promise.all(attempts);
        expect(codes.filter((code) => code === 'UNAUTHORIZED')).toHaveLength(10);
        expect(codes.filter((code) => code === 'TOO_MANY_REQUESTS')).toHaveLength(5);
      }),
      { numRuns: 5, seed: 99 },
    );
  });
});
