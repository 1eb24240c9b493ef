import { hashPassword, verifyAgainstDummy, verifyPassword } from '@helpdesk/auth';
import { type EntityManager, UniqueConstraintViolationException, User } from '@helpdesk/db';
import type { CreateUserInput, SignInInput, SignUpInput } from '@helpdesk/validators';
import { ConflictError, UnauthorizedError } from '../errors.ts';
import { sendEmailVerification } from './account-recovery.ts';

const EMAIL_TAKEN = 'An account with this email address already exists';
const BAD_CREDENTIALS = 'Wrong email address or password';

/**
 * Creates an account of any role (the first-admin command, sign-up). `onCreated` runs in the same
 * transaction, so whatever it writes (a verification mail) exists only if the account does.
 */
export async function createUser(
  em: EntityManager,
  input: CreateUserInput,
  onCreated?: (tx: EntityManager, user: User) => Promise<void>,
): Promise<User> {
  if (await em.count(User, { email: input.email })) throw new ConflictError(EMAIL_TAKEN);
  // Hash before any transaction: argon2id takes tens of milliseconds and must not hold locks.
  const passwordHash = await hashPassword(input.password);
  try {
    return await em.transactional(async (tx) => {
      const user = tx.create(User, { email: input.email, name: input.name, role: input.role, passwordHash });
      await tx.flush();
      await onCreated?.(tx, user);
      return user;
    });
  } catch (error) {
    // Two sign-ups racing for one address: the unique index decides, the loser gets CONFLICT.
    if (error instanceof UniqueConstraintViolationException) throw new ConflictError(EMAIL_TAKEN);
    throw error;
  }
}

/** Self-service sign-up: always a customer, who gets a link to confirm the address. */
export function signUp(em: EntityManager, input: SignUpInput, now = new Date()): Promise<User> {
  return createUser(em, { ...input, role: 'customer' }, (tx, user) => sendEmailVerification(tx, user, now));
}

/**
 * Checks an email and password. Unknown address, no password, deactivated account and wrong
 * password all answer the same error after the same amount of hashing work.
 */
export async function authenticate(em: EntityManager, input: SignInInput): Promise<User> {
  const user = await em.findOne(User, { email: input.email, deletedAt: null });
  const valid = user?.passwordHash
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyAgainstDummy(input.password);
  if (!user || !valid || !user.active) throw new UnauthorizedError(BAD_CREDENTIALS);
  return user;
}

export function countActiveAdmins(em: EntityManager): Promise<number> {
  return em.count(User, { role: 'admin', active: true });
}
