import { invalidateUserSessions } from '@helpdesk/auth';
import { ApiToken, type EntityManager, rowWriteLock, User } from '@helpdesk/db';
import type { Role } from '@helpdesk/validators';
import type { Actor } from '../context.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.ts';
import { queueMail } from '../services/mail-queue.ts';
import { INVITE_TOKEN_TTL_MS, link } from './account-recovery.ts';
import { audit } from './audit.ts';
import { nameOrEmailStartsWith } from './customers.ts';
import { issueOneTimeToken, revokeOneTimeTokens } from './one-time-tokens.ts';

export interface UserAdminView {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  emailVerified: boolean;
  twoFactorEnabled: boolean;
  invitationPending: boolean;
  createdAt: string;
}

export function toUserAdminView(user: User): UserAdminView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    active: user.active,
    emailVerified: Boolean(user.emailVerifiedAt),
    twoFactorEnabled: Boolean(user.totpEnabledAt),
    invitationPending: !user.passwordHash && user.role !== 'customer',
    createdAt: user.createdAt.toISOString(),
  };
}

export async function listUsers(
  em: EntityManager,
  filter: { search?: string; role?: Role; active?: boolean; limit: number },
): Promise<UserAdminView[]> {
  const users = await em.find(
    User,
    {
      deletedAt: null,
      ...(filter.role ? { role: filter.role } : {}),
      ...(filter.active === undefined ? {} : { active: filter.active }),
      ...(filter.search ? nameOrEmailStartsWith(filter.search) : {}),
    } as never,
    { orderBy: { name: 'asc', id: 'asc' }, limit: filter.limit },
  );
  return users.map(toUserAdminView);
}

/**
 * Invites an agent or admin by email: an account without a password and a single-use link to
 * choose one. An address that already has an account (even a deactivated one) is refused: an
 * invitation must never bring a blocked account back (FreeScout CVE-2025-48481).
 */
export async function inviteUser(
  em: EntityManager,
  actor: Actor,
  input: { email: string; name: string; role: 'agent' | 'admin' },
  now: Date,
) {
  return em.transactional(async (tx) => {
    if (await tx.count(User, { email: input.email }))
      throw new ConflictError('An account with this email address already exists');
    const user = tx.create(User, {
      email: input.email,
      name: input.name,
      role: input.role,
      passwordHash: null,
      createdAt: now,
      updatedAt: now,
    });
    const token = await issueOneTimeToken(tx, user, 'invite', INVITE_TOKEN_TTL_MS, now);
    queueMail(
      tx,
      {
        to: user.email,
        subject: 'You are invited to Helpdesk',
        text: `Hello ${user.name},\n\n${actor.name} invited you to answer customers on Helpdesk. Choose your password here:\n${link('accept-invite', token)}\n\nThe link works once, for 7 days.`,
        kind: 'invite',
      },
      now,
    );
    audit(
      tx,
      actor,
      'user.invited',
      { type: 'user', id: user.id },
      { email: user.email, role: user.role },
      now,
    );
    await tx.flush();
    return toUserAdminView(user);
  });
}

async function loadManagedUser(tx: EntityManager, actor: Actor, userId: string): Promise<User> {
  if (userId === actor.id)
    throw new InvalidInputError('userId', 'Ask another admin to change your own account');
  const user = await tx.findOne(User, { id: userId, deletedAt: null }, rowWriteLock(tx));
  if (!user) throw new NotFoundError('User');
  return user;
}

/**
 * Refuses a change that would leave the desk without an active admin. The admin rows are locked
 * first, so two admins demoting each other at once cannot both pass the count.
 */
async function keepAnAdmin(tx: EntityManager, user: User) {
  if (user.role !== 'admin' || !user.active) return;
  const admins = await tx.find(
    User,
    { role: 'admin', active: true, deletedAt: null },
    { ...rowWriteLock(tx), fields: ['id'] },
  );
  if (admins.length <= 1) throw new ConflictError('The desk needs at least one active admin');
}

/** A role change ends every session of the user at once (their rights change now, not at expiry). */
export async function changeRole(
  em: EntityManager,
  actor: Actor,
  input: { userId: string; role: Role },
  now: Date,
) {
  return em.transactional(async (tx) => {
    const user = await loadManagedUser(tx, actor, input.userId);
    if (user.role === input.role) return toUserAdminView(user);
    if (input.role !== 'admin') await keepAnAdmin(tx, user);
    const from = user.role;
    user.role = input.role;
    await invalidateUserSessions(tx, user.id);
    audit(tx, actor, 'user.role_changed', { type: 'user', id: user.id }, { from, to: input.role }, now);
    await tx.flush();
    return toUserAdminView(user);
  });
}

/** Deactivating ends the user's sessions, links and API tokens at once; reactivating restores nothing of those. */
export async function setUserActive(
  em: EntityManager,
  actor: Actor,
  input: { userId: string; active: boolean },
  now: Date,
) {
  return em.transactional(async (tx) => {
    const user = await loadManagedUser(tx, actor, input.userId);
    if (user.active === input.active) return toUserAdminView(user);
    if (!input.active) {
      await keepAnAdmin(tx, user);
      await endEverything(tx, user.id, now);
    }
    user.active = input.active;
    audit(
      tx,
      actor,
      input.active ? 'user.reactivated' : 'user.deactivated',
      { type: 'user', id: user.id },
      {},
      now,
    );
    await tx.flush();
    return toUserAdminView(user);
  });
}

/**
 * Deleting keeps the account's tickets and messages (history stays readable) but makes it
 * unusable for good: deactivated, marked deleted, every credential ended.
 */
export async function deleteUser(em: EntityManager, actor: Actor, input: { userId: string }, now: Date) {
  return em.transactional(async (tx) => {
    const user = await loadManagedUser(tx, actor, input.userId);
    await keepAnAdmin(tx, user);
    await endEverything(tx, user.id, now);
    user.active = false;
    user.deletedAt = now;
    user.passwordHash = null;
    user.totpSecret = null;
    user.totpEnabledAt = null;
    audit(tx, actor, 'user.deleted', { type: 'user', id: user.id }, { email: user.email }, now);
    await tx.flush();
    return { deleted: true as const };
  });
}

async function endEverything(tx: EntityManager, userId: string, now: Date) {
  await invalidateUserSessions(tx, userId);
  await revokeOneTimeTokens(tx, userId);
  await tx.nativeUpdate(ApiToken, { user: userId, revokedAt: null }, { revokedAt: now });
}
