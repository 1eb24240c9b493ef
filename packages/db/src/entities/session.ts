import { defineEntity, p } from '@mikro-orm/core';
import { User } from './user.ts';

/**
 * A session after Lucia's design: the token handed to the browser is `<id>.<secret>`; only the
 * SHA-256 of the secret is stored, so a leaked table cannot be replayed.
 */
export const SessionSchema = defineEntity({
  name: 'Session',
  tableName: 'sessions',
  properties: {
    id: p.string().length(32).primary(),
    /** Lower-case hex SHA-256 of the token's secret half. */
    secretHash: p.string().length(64),
    user: () => p.manyToOne(User).deleteRule('cascade').index(),
    createdAt: p.datetime(3).onCreate(() => new Date()),
    /** Sliding expiry: refreshed (at most once a minute) whenever the session is used. */
    lastActiveAt: p.datetime(3).onCreate(() => new Date()),
    userAgent: p.string().length(255).nullable(),
    ip: p.string().length(64).nullable(),
  },
});

export class Session extends SessionSchema.class {}
SessionSchema.setClass(Session);
