import { User } from '@helpdesk/db';
import { createTestDatabase, type TestDatabase } from '@helpdesk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSession,
  defaultSessionPolicy,
  hashPassword,
  hashSecret,
  invalidateSession,
  invalidateUserSessions,
  splitToken,
  validateSessionToken,
  verifyPassword,
} from '../src/index.ts';

let db: TestDatabase;
let user: User;
const policy = defaultSessionPolicy;

beforeAll(async () => {
  db = await createTestDatabase();
  const em = db.orm.em.fork();
  user = em.create(User, { email: 'sam@example.test', name: 'Sam', role: 'agent', passwordHash: null });
  await em.flush();
});
afterAll(() => db?.dispose());

const em = () => db.orm.em.fork();
const minutes = (n: number) => n * 60_000;

describe('session tokens (Lucia design)', () => {
  it('are <id>.<secret> with 120 random bits each, and only a SHA-256 of the secret is stored', async () => {
    const { token, session } = await createSession(em(), user, policy);
    const parts = splitToken(token);
    expect(parts).not.toBeNull();
    expect(token).toMatch(/^[a-km-z2-9]{24}\.[a-km-z2-9]{24}$/);
    expect(session.id).toBe(parts?.id);
    expect(session.secretHash).toBe(hashSecret(parts?.secret ?? ''));
    expect(session.secretHash).not.toContain(parts?.secret ?? '');
  });

  it('differ at every sign-in', async () => {
    const a = await createSession(em(), user, policy);
    const b = await createSession(em(), user, policy);
    expect(a.token).not.toBe(b.token);
  });

  it('validate only with the right secret', async () => {
    const { token } = await createSession(em(), user, policy);
    expect((await validateSessionToken(em(), token, policy))?.user.id).toBe(user.id);
    const [id] = token.split('.');
    expect(await validateSessionToken(em(), `${id}.${'a'.repeat(24)}`, policy)).toBeNull();
    expect(await validateSessionToken(em(), `${id}`, policy)).toBeNull();
    expect(await validateSessionToken(em(), `${token}.extra`, policy)).toBeNull();
    expect(await validateSessionToken(em(), "' or 1=1 --.x", policy)).toBeNull();
  });

  it('expire after the idle timeout, and using them slides it forward', async () => {
    const start = new Date('2026-01-01T10:00:00Z');
    const { token } = await createSession(em(), user, policy, {}, start);
    const touched = await validateSessionToken(em(), token, policy, new Date(start.getTime() + minutes(20)));
    expect(touched?.refreshed).toBe(true);
    // 40 minutes after sign-in but 20 after last use: still alive.
    expect(
      await validateSessionToken(em(), token, policy, new Date(start.getTime() + minutes(40))),
    ).not.toBeNull();
    // Idle for longer than 30 minutes: gone, and deleted.
    expect(
      await validateSessionToken(em(), token, policy, new Date(start.getTime() + minutes(71))),
    ).toBeNull();
    expect(
      await validateSessionToken(em(), token, policy, new Date(start.getTime() + minutes(41))),
    ).toBeNull();
  });

  it('expire after the absolute timeout however busy', async () => {
    const start = new Date('2026-01-02T08:00:00Z');
    const { token } = await createSession(em(), user, policy, {}, start);
    for (let at = minutes(20); at < minutes(12 * 60); at += minutes(20)) {
      expect(await validateSessionToken(em(), token, policy, new Date(start.getTime() + at))).not.toBeNull();
    }
    expect(
      await validateSessionToken(em(), token, policy, new Date(start.getTime() + minutes(12 * 60))),
    ).toBeNull();
  });

  it('write the last use at most once per touch interval', async () => {
    const start = new Date('2026-01-03T08:00:00Z');
    const { token } = await createSession(em(), user, policy, {}, start);
    const soon = await validateSessionToken(em(), token, policy, new Date(start.getTime() + 5_000));
    expect(soon?.refreshed).toBe(false);
  });

  it('end at sign-out, and all at once when the user is disabled', async () => {
    const a = await createSession(em(), user, policy);
    await invalidateSession(em(), a.session.id);
    expect(await validateSessionToken(em(), a.token, policy)).toBeNull();

    const b = await createSession(em(), user, policy);
    const c = await createSession(em(), user, policy);
    await invalidateUserSessions(em(), user.id);
    expect(await validateSessionToken(em(), b.token, policy)).toBeNull();
    expect(await validateSessionToken(em(), c.token, policy)).toBeNull();
  });

  it('stop working for a deactivated user', async () => {
    const { token } = await createSession(em(), user, policy);
    await em().nativeUpdate(User, { id: user.id }, { active: false });
    expect(await validateSessionToken(em(), token, policy)).toBeNull();
    await em().nativeUpdate(User, { id: user.id }, { active: true });
  });
});

describe('passwords', () => {
  it('are hashed with argon2id at OWASP strength and verified exactly', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, 'correct horse')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse ')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
});
