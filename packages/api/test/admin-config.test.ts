import { AuditLog, Category, CustomField, Setting } from '@helpdesk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../src/rules/audit.ts';
import { type Caller, createTestApi, makeUser, type TestApi, trpcCode } from '../src/testing.ts';

let api: TestApi;
let anonymous: Caller;
let customer: Caller;
let agent: Caller;
let admin: Caller;

beforeAll(async () => {
  api = await createTestApi();
  anonymous = await api.as(null);
  customer = await api.as(api.users.customer);
  agent = await api.as(api.users.agent);
  admin = await api.as(api.users.admin);
});
afterAll(() => api?.dispose());

async function counts() {
  const em = api.em();
  return {
    categories: await em.count(Category),
    customFields: await em.count(CustomField),
    settings: await em.count(Setting),
    audit: await em.count(AuditLog),
  };
}

/** The call ends with `code` and the database is exactly as it was. */
async function expectRefused(call: () => Promise<unknown>, code = 'BAD_REQUEST') {
  const before = await counts();
  expect(await trpcCode(call())).toBe(code);
  expect(await counts()).toEqual(before);
}

/** The newest audit entries of one action, as admins read them. */
async function auditOf(action: string) {
  return (await admin.audit.list({ action, limit: 100 })).items;
}

const unknownId = '01M85VB671JYE3GK6VA6QSA0Q4';

describe('who may do what', () => {
  it('anonymous callers are UNAUTHORIZED everywhere and change nothing', async () => {
    const category = await admin.categories.create({ name: 'Roles' });
    await expectRefused(() => anonymous.categories.list(), 'UNAUTHORIZED');
    await expectRefused(() => anonymous.categories.create({ name: 'Anon' }), 'UNAUTHORIZED');
    await expectRefused(
      () => anonymous.categories.update({ id: category.id, active: false }),
      'UNAUTHORIZED',
    );
    await expectRefused(() => anonymous.customFields.list(), 'UNAUTHORIZED');
    await expectRefused(
      () => anonymous.customFields.create({ key: 'anon', label: 'Anon', type: 'text' }),
      'UNAUTHORIZED',
    );
    await expectRefused(() => anonymous.customFields.update({ id: unknownId, label: 'x' }), 'UNAUTHORIZED');
    await expectRefused(() => anonymous.settings.get(), 'UNAUTHORIZED');
    await expectRefused(() => anonymous.settings.update({ autoCloseDays: 3 }), 'UNAUTHORIZED');
    await expectRefused(() => anonymous.audit.list({}), 'UNAUTHORIZED');
  });

  it('customers only list categories', async () => {
    const category = await admin.categories.create({ name: 'Customer roles' });
    expect(await trpcCode(customer.categories.list())).toBe('OK');
    for (const caller of [customer, agent]) {
      await expectRefused(() => caller.categories.create({ name: 'Nope' }), 'FORBIDDEN');
      await expectRefused(() => caller.categories.update({ id: category.id, active: false }), 'FORBIDDEN');
      await expectRefused(
        () => caller.customFields.create({ key: 'nope', label: 'Nope', type: 'text' }),
        'FORBIDDEN',
      );
      await expectRefused(() => caller.customFields.update({ id: unknownId, label: 'x' }), 'FORBIDDEN');
      await expectRefused(() => caller.settings.update({ autoCloseDays: 3 }), 'FORBIDDEN');
      await expectRefused(() => caller.audit.list({}), 'FORBIDDEN');
    }
    await expectRefused(() => customer.customFields.list(), 'FORBIDDEN');
    await expectRefused(() => customer.settings.get(), 'FORBIDDEN');
  });

  it('agents read categories, custom fields and settings; admins do everything', async () => {
    for (const caller of [agent, admin]) {
      expect(await trpcCode(caller.categories.list())).toBe('OK');
      expect(await trpcCode(caller.customFields.list())).toBe('OK');
      expect(await trpcCode(caller.settings.get())).toBe('OK');
    }
    expect(await trpcCode(admin.audit.list({}))).toBe('OK');
  });
});

describe('categories', () => {
  it('are created and updated by admins, audited with actor and details', async () => {
    api.tick();
    const created = await admin.categories.create({ name: '  Billing ', description: 'Invoices, refunds' });
    expect(created).toEqual({
      id: created.id,
      name: 'Billing',
      description: 'Invoices, refunds',
      active: true,
    });
    const [createdEntry] = await auditOf('category.created');
    expect(createdEntry).toMatchObject({
      targetType: 'category',
      targetId: created.id,
      details: { name: 'Billing', description: 'Invoices, refunds' },
      actor: { id: api.users.admin.id, name: 'Adam Admin' },
      createdAt: api.clock.now.toISOString(),
    });

    api.tick();
    const updated = await admin.categories.update({
      id: created.id,
      name: 'Billing & invoices',
      active: true,
    });
    expect(updated).toMatchObject({ name: 'Billing & invoices', active: true });
    const [updatedEntry] = await auditOf('category.updated');
    expect(updatedEntry).toMatchObject({
      targetId: created.id,
      details: {
        name: 'Billing & invoices',
        changes: { name: { from: 'Billing', to: 'Billing & invoices' } },
      },
      actor: { id: api.users.admin.id },
    });
  });

  it('refuse a duplicate name, whatever its case, with CONFLICT naming it', async () => {
    const shipping = await admin.categories.create({ name: 'Shipping' });
    const returns = await admin.categories.create({ name: 'Returns' });
    await expectRefused(() => admin.categories.create({ name: 'Shipping' }), 'CONFLICT');
    await expectRefused(() => admin.categories.create({ name: 'shipping' }), 'CONFLICT');
    await expectRefused(() => admin.categories.update({ id: returns.id, name: 'SHIPPING' }), 'CONFLICT');
    await expect(admin.categories.create({ name: 'Shipping' })).rejects.toMatchObject({
      message: 'A category named "Shipping" already exists',
    });
    // Changing the case of its own name is no clash.
    expect(await admin.categories.update({ id: shipping.id, name: 'SHIPPING' })).toMatchObject({
      name: 'SHIPPING',
    });
  });

  it('refuse bad input with BAD_REQUEST and unknown ids with NOT_FOUND, writing nothing', async () => {
    const category = await admin.categories.create({ name: 'Valid' });
    await expectRefused(() => admin.categories.create({ name: '' }));
    await expectRefused(() => admin.categories.create({ name: '   ' }));
    await expectRefused(() => admin.categories.create({ name: 'x'.repeat(81) }));
    await expectRefused(() => admin.categories.create({ name: 'Two\nlines' }));
    await expectRefused(() => admin.categories.create({ name: 'Ok', description: 'd'.repeat(501) }));
    await expectRefused(() => admin.categories.create({ name: 'Ok', active: false } as never));
    await expectRefused(() => admin.categories.update({ id: category.id }));
    await expectRefused(() => admin.categories.update({ id: 'not-an-id', name: 'x' }));
    await expectRefused(() => admin.categories.update({ id: category.id, active: 'no' } as never));
    await expectRefused(() => admin.categories.update({ id: unknownId, name: 'Ghost' }), 'NOT_FOUND');
  });

  it('are deactivated instead of deleted: hidden from customers, kept on tickets', async () => {
    const hardware = await admin.categories.create({ name: 'Hardware' });
    api.tick();
    const ticket = await customer.tickets.create({ subject: 'Broken', body: 'x', categoryId: hardware.id });
    api.tick();
    await admin.categories.update({ id: hardware.id, active: false });
    const [entry] = await auditOf('category.updated');
    expect(entry?.details).toEqual({ name: 'Hardware', changes: { active: { from: true, to: false } } });

    expect((await customer.categories.list()).map((c) => c.id)).not.toContain(hardware.id);
    expect((await agent.categories.list()).find((c) => c.id === hardware.id)).toMatchObject({
      active: false,
    });
    expect((await agent.tickets.get({ id: ticket.id })).category).toEqual({
      id: hardware.id,
      name: 'Hardware',
    });
    expect(
      await trpcCode(customer.tickets.create({ subject: 'New', body: 'x', categoryId: hardware.id })),
    ).toBe('BAD_REQUEST');
  });

  it('an update that changes nothing writes no audit entry', async () => {
    const category = await admin.categories.create({ name: 'Steady', description: 'same' });
    const before = await counts();
    expect(await admin.categories.update({ id: category.id, name: 'Steady', description: 'same' })).toEqual(
      category,
    );
    expect(await counts()).toEqual(before);
  });

  it('are listed by name, case-insensitively, with public fields only', async () => {
    for (const name of ['banana', 'Apple', 'cherry']) await admin.categories.create({ name });
    const names = (await agent.categories.list()).map((c) => c.name);
    const expected = [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
    expect(names).toEqual(expected);
    expect(names.indexOf('Apple')).toBeLessThan(names.indexOf('banana'));
    expect(names.indexOf('banana')).toBeLessThan(names.indexOf('cherry'));
    expect(Object.keys((await customer.categories.list())[0] ?? {}).sort()).toEqual([
      'active',
      'description',
      'id',
      'name',
    ]);
  });
});

describe('settings', () => {
  it('start at their defaults, change with settings.update, and the change is audited', async () => {
    expect(await agent.settings.get()).toEqual({ autoCloseDays: 7, requireTwoFactorForStaff: false });
    api.tick();
    expect(await admin.settings.update({ autoCloseDays: 14 })).toEqual({
      autoCloseDays: 14,
      requireTwoFactorForStaff: false,
    });
    expect(await agent.settings.get()).toEqual({ autoCloseDays: 14, requireTwoFactorForStaff: false });
    api.tick();
    expect(await admin.settings.update({ autoCloseDays: 30 })).toEqual({
      autoCloseDays: 30,
      requireTwoFactorForStaff: false,
    });
    expect(await admin.settings.get()).toEqual({ autoCloseDays: 30, requireTwoFactorForStaff: false });
    expect(await api.em().count(Setting)).toBe(1);

    const entries = await auditOf('settings.updated');
    expect(entries.slice(0, 2).map((entry) => entry.details)).toEqual([
      { changes: { autoCloseDays: { from: 14, to: 30 } } },
      { changes: { autoCloseDays: { from: 7, to: 14 } } },
    ]);
    expect(entries[0]).toMatchObject({
      targetType: 'settings',
      targetId: null,
      actor: { id: api.users.admin.id },
    });
  });

  it('refuse values out of range, of the wrong type, unknown settings and empty changes', async () => {
    for (const input of [
      { autoCloseDays: 0 },
      { autoCloseDays: 366 },
      { autoCloseDays: 1.5 },
      { autoCloseDays: '7' },
      { autoCloseDays: null },
      { autoCloseDays: 5, theme: 'dark' },
      {},
    ]) {
      await expectRefused(() => admin.settings.update(input as never));
    }
  });

  it('setting the current value again writes nothing', async () => {
    const current = await admin.settings.get();
    const before = await counts();
    expect(await admin.settings.update(current)).toEqual(current);
    expect(await counts()).toEqual(before);
  });
});

describe('audit.list', () => {
  it('pages newest first without gaps or repeats, also among entries of the same millisecond', async () => {
    for (let i = 0; i < 4; i++) {
      api.tick();
      // Three entries share each millisecond: the id breaks the tie.
      for (let j = 0; j < 3; j++) await admin.categories.create({ name: `Paged ${i}-${j}` });
    }
    const all = (await admin.audit.list({ limit: 100 })).items;
    expect(all.length).toBeGreaterThan(12);
    const times = all.map((entry) => entry.createdAt);
    expect(times).toEqual([...times].sort().reverse());

    const paged: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const page = await admin.audit.list({ limit: 2, cursor });
      paged.push(...page.items.map((entry) => entry.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(paged).toEqual(all.map((entry) => entry.id));
  });

  it('filters by action, target type and actor', async () => {
    const otherAdmin = await makeUser(api.em(), 'admin', 'Olga Otheradmin');
    api.tick();
    const category = await (await api.as(otherAdmin)).categories.create({ name: 'By Olga' });
    const byOlga = await admin.audit.list({ actorId: otherAdmin.id });
    expect(byOlga.items).toEqual([
      expect.objectContaining({
        action: 'category.created',
        targetId: category.id,
        actor: { id: otherAdmin.id, name: 'Olga Otheradmin' },
      }),
    ]);
    expect((await admin.audit.list({ actorId: api.users.agent.id })).items).toEqual([]);
    const settings = await admin.audit.list({ targetType: 'settings', limit: 100 });
    expect(settings.items.length).toBeGreaterThan(0);
    expect(settings.items.every((entry) => entry.targetType === 'settings')).toBe(true);
    const created = await admin.audit.list({
      action: 'category.created',
      targetType: 'category',
      limit: 100,
    });
    expect(created.items.every((entry) => entry.action === 'category.created')).toBe(true);
  });

  it('shows entries without an actor with actor null', async () => {
    api.tick();
    const em = api.em();
    audit(em, null, 'system.tested', { type: 'system' }, { reason: 'test' }, api.clock.now);
    await em.flush();
    expect((await admin.audit.list({ action: 'system.tested' })).items).toEqual([
      expect.objectContaining({ actor: null, targetId: null, details: { reason: 'test' } }),
    ]);
  });

  it('refuses forged cursors and bad filters', async () => {
    const forged = Buffer.from(JSON.stringify({ k: 'created', v: ['x', 'y'] })).toString('base64url');
    await expectRefused(() => admin.audit.list({ cursor: forged }));
    await expectRefused(() => admin.audit.list({ cursor: 'not a cursor!' }));
    await expectRefused(() => admin.audit.list({ actorId: 'someone' }));
    await expectRefused(() => admin.audit.list({ limit: 101 }));
    await expectRefused(() => admin.audit.list({ action: 'a'.repeat(61) }));
    await expectRefused(() => admin.audit.list({ target: 'category' } as never));
  });

  it('costs the same number of statements for 2 entries as for 50', async () => {
    const small = await api.db.recordQueries(() => admin.audit.list({ limit: 2 }));
    const large = await api.db.recordQueries(() => admin.audit.list({ limit: 50 }));
    expect(large.result.items.length).toBeGreaterThan(small.result.items.length * 5);
    expect(new Set(large.result.items.map((entry) => entry.actor?.id)).size).toBeGreaterThan(1);
    expect(large.queries.length).toBe(small.queries.length);
  });
});
