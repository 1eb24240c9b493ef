import { createHash } from 'node:crypto';
import { type EntityManager, newReference, User } from '@helpdesk/db';
import type { SubmitPublicTicketInput } from '@helpdesk/validators';
import { DomainError } from '../../errors.ts';
import { requestHashOf, withIdempotency } from '../../services/idempotency.ts';
import type { RateLimiter } from '../../services/rate-limiter.ts';
import { insertTicket } from './create.ts';

export interface RateLimit {
  limit: number;
  windowMs: number;
}

export interface PublicFormLimits {
  perIp: RateLimit;
  perEmail: RateLimit;
}

export const PUBLIC_FORM_LIMITS: PublicFormLimits = {
  perIp: { limit: 5, windowMs: 10 * 60_000 },
  perEmail: { limit: 3, windowMs: 10 * 60_000 },
};

export interface PublicFormRequest {
  rateLimiter: RateLimiter;
  /** The submitter's address as the transport saw it (null when unknown: they share one bucket). */
  ip: string | null;
  limits?: PublicFormLimits;
}

/** What the submitter gets: the reference to quote (they have no account to look the ticket up). */
export interface PublicSubmission {
  reference: string;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

async function enforce(limiter: RateLimiter, key: string, rule: RateLimit, what: string, now: Date) {
  const { allowed, resetAt } = await limiter.hit(key, rule.limit, rule.windowMs, now);
  if (allowed) return;
  const minutes = Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 60_000));
  throw new DomainError(
    'TOO_MANY_REQUESTS',
    `Too many requests ${what}; try again in ${minutes} minute${minutes === 1 ? '' : 's'} ` +
      `(after ${resetAt.toISOString()})`,
  );
}

/**
 * The public request form, for people without an account: rate-limited per address and per
 * e-mail, a honeypot for bots, and an idempotency key so a retried submission never makes a
 * second ticket. The contact is found by e-mail, or created as a customer without a password.
 */
export async function submitPublicTicket(
  em: EntityManager,
  request: PublicFormRequest,
  input: SubmitPublicTicketInput,
  now = new Date(),
): Promise<PublicSubmission> {
  const limits = request.limits ?? PUBLIC_FORM_LIMITS;
  // Counted before anything else (bots included), so a refusal looks the same for everyone.
  await enforce(
    request.rateLimiter,
    `public-form:ip:${request.ip ?? 'unknown'}`,
    limits.perIp,
    'from this address',
    now,
  );
  await enforce(
    request.rateLimiter,
    `public-form:email:${sha256(input.email)}`,
    limits.perEmail,
    'for this e-mail address',
    now,
  );
  // Only bots fill the hidden field: they get what a person would get, and nothing is created.
  if (input.website?.trim()) return { reference: newReference() };

  const scopeKey = `public-form\n${input.email}\n${input.idempotencyKey}`;
  const requestHash = requestHashOf([input.name, input.subject, input.body]);
  return withIdempotency(
    em,
    scopeKey,
    requestHash,
    async (tx) => {
      // An existing contact keeps their name: an anonymous form must not rename accounts.
      const requester =
        (await tx.findOne(User, { email: input.email })) ??
        tx.create(User, {
          email: input.email,
          name: input.name,
          role: 'customer',
          passwordHash: null,
          createdAt: now,
          updatedAt: now,
        });
      // A new contact must be a row before their ticket refers to it.
      await tx.flush();
      const { reference } = await insertTicket(tx, {
        subject: input.subject,
        body: input.body,
        requesterId: requester.id,
        authorId: requester.id,
        actorId: null,
        channel: 'web_form',
        now,
      });
      return { reference };
    },
    now,
  );
}
