import { AuditLog, CustomField, Ticket } from '@helpdesk/db';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { InvalidInputError } from '../src/errors.ts';
import { customFieldsSchema } from '../src/rules/custom-fields.ts';
import { type Caller, createTestApi, type TestApi, trpcCode } from '../src/testing.ts';

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

async function counts() {
  const em = api.em();
  return {
    customFields: await em.count(CustomField),
    tickets: await em.count(Ticket),
    audit: await em.count(AuditLog),
  };
}

/** The fields a BAD_REQUEST names (zod paths, '' for the whole input, or the rule's field); nothing was written. */
async function refusedFields(call: () => Promise<unknown>): Promise<string[]> {
  const before = await counts();
  let fields: string[] | null = null;
  try {
    await call();
  } catch (error) {
    if (!(error instanceof TRPCError) || error.code !== 'BAD_REQUEST') throw error;
    if (error.cause instanceof InvalidInputError) fields = [error.cause.field];
    else if (error.cause instanceof ZodError)
      fields = error.cause.issues.map((issue) => issue.path.join('.'));
    else fields = [];
  }
  expect(fields, 'the call should have been refused').not.toBeNull();
  expect(await counts()).toEqual(before);
  return [...new Set(fields)];
}

const unknownId = '01M85VB671JYE3GK6VA6QSA0Q4';

describe('custom field definitions', () => {
  it('are created by admins (audited), global or for a category, and listed by agents', async () => {
    const software = await admin.categories.create({ name: 'Software' });
    const version = await admin.customFields.create({
      key: 'app_version',
      label: 'App version',
      type: 'text',
      categoryId: software.id,
      position: 2,
    });
    expect(version).toEqual({
      id: version.id,
      key: 'app_version',
      label: 'App version',
      type: 'text',
      required: false,
      options: [],
      categoryId: software.id,
      active: true,
      position: 2,
    });
    const platform = await admin.customFields.create({
      key: 'platform',
      label: 'Platform',
      type: 'select',
      options: ['Windows', 'macOS', 'Linux'],
      required: true,
      categoryId: null,
      position: 1,
    });
    const { items } = await admin.audit.list({ action: 'custom_field.created' });
    expect(items[0]).toMatchObject({
      targetType: 'custom_field',
      targetId: platform.id,
      actor: { id: api.users.admin.id, name: 'Adam Admin' },
      details: { key: 'platform', type: 'select', options: ['Windows', 'macOS', 'Linux'], required: true },
    });

    const all = await agent.customFields.list();
    expect(all.map((field) => field.key)).toEqual(['platform', 'app_version']);
    const forSoftware = await agent.customFields.list({ categoryId: software.id });
    expect(forSoftware.map((field) => field.key)).toEqual(['platform', 'app_version']);
    const other = await admin.categories.create({ name: 'Other' });
    expect((await agent.customFields.list({ categoryId: other.id })).map((field) => field.key)).toEqual([
      'platform',
    ]);
    expect(await trpcCode(agent.customFields.list({ categoryId: unknownId }))).toBe('NOT_FOUND');
  });

  it('refuse a duplicate key with CONFLICT, writing nothing', async () => {
    await admin.customFields.create({ key: 'serial', label: 'Serial', type: 'text' });
    const before = await counts();
    await expect(
      admin.customFields.create({ key: 'serial', label: 'Other', type: 'number' }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'A custom field with the key "serial" already exists',
    });
    expect(await counts()).toEqual(before);
  });

  it('refuse bad definitions with BAD_REQUEST naming the field, writing nothing', async () => {
    const base = { label: 'Label', type: 'text' } as const;
    for (const key of ['', 'Order', '1st', '_x', 'a-b', 'has space', 'k'.repeat(41)]) {
      expect(await refusedFields(() => admin.customFields.create({ ...base, key }))).toEqual(['key']);
    }
    const select = { key: 'choice', label: 'Choice', type: 'select' } as const;
    expect(await refusedFields(() => admin.customFields.create(select))).toEqual(['options']);
    expect(await refusedFields(() => admin.customFields.create({ ...select, options: [] }))).toEqual([
      'options',
    ]);
    expect(await refusedFields(() => admin.customFields.create({ ...select, options: ['a', 'a'] }))).toEqual([
      'options',
    ]);
    expect(await refusedFields(() => admin.customFields.create({ ...select, options: [''] }))).toEqual([
      'options.0',
    ]);
    expect(
      await refusedFields(() => admin.customFields.create({ ...base, key: 'x', options: ['a'] })),
    ).toEqual(['options']);
    expect(
      await refusedFields(() => admin.customFields.create({ ...base, key: 'x', type: 'color' as never })),
    ).toEqual(['type']);
    expect(
      await refusedFields(() => admin.customFields.create({ ...base, key: 'x', categoryId: unknownId })),
    ).toEqual(['categoryId']);
    expect(await refusedFields(() => admin.customFields.create({ ...base, key: 'x', position: -1 }))).toEqual(
      ['position'],
    );
    expect(
      await refusedFields(() => admin.customFields.create({ ...base, key: 'x', active: false } as never)),
    ).toEqual(['']);
  });

  it('are updated by admins (audited), but never their key or type', async () => {
    const field = await admin.customFields.create({
      key: 'size',
      label: 'Size',
      type: 'select',
      options: ['S', 'M'],
    });
    const updated = await admin.customFields.update({
      id: field.id,
      label: 'T-shirt size',
      options: ['S', 'M', 'L'],
      position: 5,
      required: true,
    });
    expect(updated).toMatchObject({
      key: 'size',
      type: 'select',
      label: 'T-shirt size',
      options: ['S', 'M', 'L'],
    });
    const { items } = await admin.audit.list({ action: 'custom_field.updated' });
    expect(items[0]).toMatchObject({
      targetId: field.id,
      actor: { id: api.users.admin.id },
      details: {
        key: 'size',
        changes: {
          label: { from: 'Size', to: 'T-shirt size' },
          options: { from: ['S', 'M'], to: ['S', 'M', 'L'] },
          position: { from: 0, to: 5 },
          required: { from: false, to: true },
        },
      },
    });

    expect(
      await refusedFields(() => admin.customFields.update({ id: field.id, key: 'other' } as never)),
    ).toEqual(['']);
    expect(
      await refusedFields(() => admin.customFields.update({ id: field.id, type: 'text' } as never)),
    ).toEqual(['']);
    expect(await refusedFields(() => admin.customFields.update({ id: field.id }))).toEqual(['']);
    expect(
      await refusedFields(() => admin.customFields.update({ id: field.id, options: ['S', 'S'] })),
    ).toEqual(['options']);
    const text = await admin.customFields.create({ key: 'note', label: 'Note', type: 'text' });
    expect(await refusedFields(() => admin.customFields.update({ id: text.id, options: ['a'] }))).toEqual([
      'options',
    ]);
    expect(await trpcCode(admin.customFields.update({ id: unknownId, label: 'Ghost' }))).toBe('NOT_FOUND');
  });
});

describe('custom field values on new tickets', () => {
  it('enforce the definitions that apply to the ticket category', async () => {
    const hardware = await admin.categories.create({ name: 'Hardware' });
    const elsewhere = await admin.categories.create({ name: 'Elsewhere' });
    await admin.customFields.create({
      key: 'serial_number',
      label: 'Serial number',
      type: 'text',
      required: true,
      categoryId: hardware.id,
    });
    await admin.customFields.create({ key: 'order_number', label: 'Order', type: 'number' });
    await admin.customFields.create({
      key: 'only_elsewhere',
      label: 'X',
      type: 'checkbox',
      categoryId: elsewhere.id,
    });
    // Earlier tests defined a required global `platform` and `size`; take them out of the way.
    for (const field of await agent.customFields.list()) {
      if (field.key === 'platform' || field.key === 'size')
        await admin.customFields.update({ id: field.id, active: false });
    }
    const ticket = { subject: 'Broken laptop', body: 'It does not boot', categoryId: hardware.id };

    expect(await refusedFields(() => customer.tickets.create(ticket))).toEqual([
      'customFields.serial_number',
    ]);
    const withSerial = { ...ticket, customFields: { serial_number: 'SN-1' } };
    expect(
      await refusedFields(() =>
        customer.tickets.create({
          ...withSerial,
          customFields: { ...withSerial.customFields, order_number: 'abc' },
        }),
      ),
    ).toEqual(['customFields.order_number']);
    expect(
      await refusedFields(() =>
        customer.tickets.create({
          ...withSerial,
          customFields: { ...withSerial.customFields, colour: 'red' },
        }),
      ),
    ).toEqual(['customFields.colour']);
    expect(
      await refusedFields(() =>
        customer.tickets.create({
          ...withSerial,
          customFields: { ...withSerial.customFields, only_elsewhere: true },
        }),
      ),
    ).toEqual(['customFields.only_elsewhere']);
    expect(
      await refusedFields(() => customer.tickets.create({ ...ticket, customFields: { serial_number: 42 } })),
    ).toEqual(['customFields.serial_number']);

    const created = await customer.tickets.create({
      ...ticket,
      customFields: { serial_number: 'SN-1', order_number: 1234 },
    });
    expect((await agent.tickets.get({ id: created.id })).customFields).toEqual({
      serial_number: 'SN-1',
      order_number: 1234,
    });
    // Outside the category the field does not apply; once inactive it is not required either.
    expect(await trpcCode(customer.tickets.create({ subject: 'General', body: 'x' }))).toBe('OK');
    const serial = (await agent.customFields.list()).find((field) => field.key === 'serial_number');
    await admin.customFields.update({ id: serial?.id ?? unknownId, active: false });
    expect(await trpcCode(customer.tickets.create(ticket))).toBe('OK');
  });
});

describe('customFieldsSchema', () => {
  const field = (key: string, type: CustomField['type'], extra: Partial<CustomField> = {}) =>
    ({ key, type, required: false, options: [], ...extra }) as CustomField;
  const schema = customFieldsSchema([
    field('amount', 'number'),
    field('due', 'date'),
    field('agreed', 'checkbox', { required: true }),
    field('plan', 'select', { options: ['free', 'pro'] }),
    field('addons', 'multiselect', { options: ['sso', 'audit'] }),
    field('remark', 'text'),
  ]);
  const failingPaths = (value: unknown) => schema.safeParse(value).error?.issues.map((i) => i.path.join('.'));

  it('accepts values of the right type and leaves optional fields out', () => {
    const value = {
      amount: 3.5,
      due: '2026-02-28',
      agreed: false,
      plan: 'pro',
      addons: ['sso'],
      remark: ' hi ',
    };
    expect(schema.parse(value)).toEqual({ ...value, remark: 'hi' });
    expect(schema.parse({ agreed: true })).toEqual({ agreed: true });
  });

  it('refuses wrong types, unknown options, duplicates, unknown keys and missing required values', () => {
    expect(failingPaths({})).toEqual(['agreed']);
    expect(failingPaths({ agreed: 'yes' })).toEqual(['agreed']);
    expect(failingPaths({ agreed: true, amount: '3' })).toEqual(['amount']);
    expect(failingPaths({ agreed: true, amount: Number.POSITIVE_INFINITY })).toEqual(['amount']);
    expect(failingPaths({ agreed: true, due: '2026-02-30' })).toEqual(['due']);
    expect(failingPaths({ agreed: true, plan: 'gold' })).toEqual(['plan']);
    expect(failingPaths({ agreed: true, addons: ['sso', 'sso'] })).toEqual(['addons']);
    expect(failingPaths({ agreed: true, addons: [] })).toEqual(['addons']);
    expect(failingPaths({ agreed: true, remark: '   ' })).toEqual(['remark']);
    expect(failingPaths({ agreed: true, colour: 'red' })).toEqual(['']);
  });
});
