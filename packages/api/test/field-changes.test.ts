import { interceptStatements, kyselyOf, lockTicketFields } from '@helpdesk/db';
import { ticketPriorities, ticketStatuses } from '@helpdesk/validators';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/context.ts';
import { changeTicketFields, namesOnlyOwnFields } from '../src/rules/tickets/field-changes.ts';
import type { FieldChanges } from '../src/rules/tickets/fields.ts';
import { lockVisibleTicket } from '../src/rules/tickets/shared.ts';
import { applyChanges, relationsRead } from '../src/rules/tickets/update.ts';
import { type Caller, createTestApi, type TestApi } from '../src/testing.ts';

/**
 * A change of a ticket's own fields is written as statements (field-changes.ts) and any other
 * change through entities (applyChanges); both must leave the same ticket, timeline and search
 * document behind, whatever the changes and whenever they come.
 */
let api: TestApi;
let customer: Caller;
let agent: Caller;
let actor: Actor;

beforeAll(async () => {
  api = await createTestApi();
  customer = await api.as(api.users.customer);
  agent = await api.as(api.users.agent);
  const { id, role, name, email } = api.users.agent;
  actor = { id, role, name, email, organizationId: null, sharesOrganizationTickets: false };
});
afterAll(() => api?.dispose());

/** What a change leaves behind, without the ids that differ between two tickets by design. */
async function stateOf(id: string) {
  const db = kyselyOf(api.em());
  // Every column but the two that tell tickets apart.
  const {
    id: _id,
    reference: _reference,
    ...ticket
  } = await db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const timeline = await db
    .selectFrom('ticket_events')
    .select(['actor_id', 'kind', 'field', 'from_value', 'to_value', 'internal', 'created_at'])
    .where('ticket_id', '=', id)
    .execute();
  // Entries of one change share their time; their ids (random past the millisecond) order them.
  const key = (entry: (typeof timeline)[number]) => `${Number(new Date(entry.created_at))}:${entry.field}`;
  timeline.sort((a, b) => key(a).localeCompare(key(b)));
  const search = await db
    .selectFrom('ticket_search')
    .select(['public_text', 'internal_text'])
    .where('ticket_id', '=', id)
    .executeTakeFirstOrThrow();
  return { ticket, timeline, search };
}

const step = fc.record(
  {
    subject: fc.constantFrom('Printer jams', 'Printer jams again', 'Scanner'),
    status: fc.constantFrom(...ticketStatuses),
    priority: fc.constantFrom(...ticketPriorities),
    dueAt: fc.option(fc.integer({ min: 0, max: 3 }).map((days) => new Date(Date.UTC(2030, 0, 1 + days)))),
  },
  { requiredKeys: [] },
);
/** Each change comes a few seconds after the one before, or (having waited for a lock) before it. */
const steps = fc.array(fc.tuple(step, fc.integer({ min: -3000, max: 5000 })), { minLength: 1, maxLength: 6 });

describe('changes of a ticket’s own fields', () => {
  it('are what the entity path writes: ticket, version, timeline and search document', async () => {
    await fc.assert(
      fc.asyncProperty(steps, async (changes) => {
        api.tick();
        const [byStatements, byEntities] = await Promise.all(
          ['a', 'b'].map(() =>
            customer.tickets.create({ subject: 'Printer jams', body: 'Paper everywhere' }),
          ),
        );
        let now = api.clock.now.getTime();
        for (const [change, offset] of changes as [FieldChanges, number][]) {
          now += offset;
          const at = new Date(now);
          await api.em().transactional(async (tx) => {
            const rows = await lockTicketFields(tx, [byStatements?.id ?? '']);
            await changeTicketFields(tx, rows, actor.id, change, at);
          });
          await api.em().transactional(async (tx) => {
            const ticket = await lockVisibleTicket(tx, actor, byEntities?.id ?? '', relationsRead(change));
            if (await applyChanges(tx, ticket, actor, change, at)) await tx.flush();
          });
          expect(await stateOf(byStatements?.id ?? '')).toEqual(await stateOf(byEntities?.id ?? ''));
        }
      }),
      { numRuns: 25 },
    );
  });

  it('are the only changes written as statements', () => {
    expect(namesOnlyOwnFields({ status: 'open', priority: 'high', subject: 'x', dueAt: null })).toBe(true);
    expect(namesOnlyOwnFields({ status: 'open', assigneeId: undefined })).toBe(true);
    for (const other of [
      'assigneeId',
      'teamId',
      'categoryId',
      'tags',
      'addTags',
      'removeTags',
      'customFields',
    ])
      expect(namesOnlyOwnFields({ status: 'open', [other]: null })).toBe(false);
  });

  it('cost one update per changed ticket and one insert for all their entries, read no relation', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await customer.tickets.create({ subject: `Bulk ${i}`, body: 'x' })).id);
    const statements: string[] = [];
    const stop = interceptStatements(api.db.orm, (sql) => statements.push(sql));
    try {
      await agent.tickets.bulkUpdate({ ids, status: 'pending', priority: 'high' });
    } finally {
      stop();
    }
    const onTickets = statements.filter((sql) => /["`](tickets|ticket_events|ticket_tags)["`]/.test(sql));
    // The lock, five updates, one insert of ten entries, the answer's rows and their tags.
    expect(onTickets.filter((sql) => /^update .tickets./.test(sql))).toHaveLength(5);
    expect(onTickets.filter((sql) => /^insert into .ticket_events./.test(sql))).toHaveLength(1);
    expect(onTickets).toHaveLength(9);
    // The entries read through the ORM like its own, for the customer too (both fields are public).
    const timeline = await customer.tickets.timeline({ id: ids[0] ?? '' });
    const changed = timeline.filter((entry) => entry.kind === 'field_changed');
    const by = expect.objectContaining({ name: 'Agnes Agent' });
    expect(changed).toHaveLength(2);
    expect(changed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'status', from: 'new', to: 'pending', internal: false, actor: by }),
        expect.objectContaining({
          field: 'priority',
          from: 'normal',
          to: 'high',
          internal: false,
          actor: by,
        }),
      ]),
    );
  });

  it('of a reply are answered as each asker’s list shows the ticket', async () => {
    api.tick();
    const { id } = await customer.tickets.create({ subject: 'Reply answer', body: 'Help' });
    api.tick();
    const byAgent = await agent.tickets.reply({ ticketId: id, body: 'On it', status: 'pending' });
    const agentsRow = (await agent.tickets.list({ limit: 100 })).items.find((item) => item.id === id);
    expect(byAgent.ticket).toEqual(agentsRow);
    expect(byAgent.ticket).toMatchObject({ status: 'pending', version: 2 });
    api.tick();
    const byCustomer = await customer.tickets.reply({ ticketId: id, body: 'Thanks' });
    const customersRow = (await customer.tickets.list({ limit: 100 })).items.find((item) => item.id === id);
    expect(byCustomer.ticket).toEqual(customersRow);
    expect(byCustomer.ticket.status).toBe('open');
  });
});
