import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../ids.ts';
import { User } from './user.ts';

/** A named ticket filter, personal or shared with every agent; its filters use the list's schema. */
export const SavedViewSchema = defineEntity({
  name: 'SavedView',
  tableName: 'saved_views',
  properties: {
    id: p
      .string()
      .length(26)
      .primary()
      .onCreate(() => newId()),
    name: p.string().length(80),
    owner: () => p.manyToOne(User).deleteRule('cascade'),
    shared: p.boolean().default(false),
    filters: p.json<Record<string, unknown>>(),
    position: p.integer().default(0),
    createdAt: p.datetime(3).onCreate(() => new Date()),
    updatedAt: p
      .datetime(3)
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export class SavedView extends SavedViewSchema.class {}
SavedViewSchema.setClass(SavedView);
