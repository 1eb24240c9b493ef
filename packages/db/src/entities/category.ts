import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../ids.ts';

/** An admin-defined kind of request (osTicket's help topics): "Billing", "Shipping", ... */
export const CategorySchema = defineEntity({
  name: 'Category',
  tableName: 'categories',
  properties: {
    id: p
      .string()
      .length(26)
      .primary()
      .onCreate(() => newId()),
    name: p.string().length(80).unique(),
    description: p.string().length(500).default(''),
    active: p.boolean().default(true),
    createdAt: p.datetime(3).onCreate(() => new Date()),
  },
});

export class Category extends CategorySchema.class {}
CategorySchema.setClass(Category);
