import { createHash } from 'node:crypto';
import { type EntityManager, IdempotencyRecord, UniqueConstraintViolationException } from '@helpdesk/db';
import { ConflictError, DomainError } from '../errors.ts';

/** How long a stored answer is kept; the scheduled jobs purge older records. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 3_600_000;

/**
 * A pending record this old belongs to a request that died mid-way (a crash, a restart): requests
 * time out long before, so a retry may take the key over instead of waiting for the purge.
 */
const ABANDONED_AFTER_MS = 2 * 60_000;

const STILL_PROCESSING = 'A request with this idempotency key is still being processed; retry in a moment';

/** SHA-256 (hex) of a JSON value: what tells a retry from a different request. */
export function requestHashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** What the record stores: wrapped, so that any JSON answer (even null) is told from "pending". */
interface StoredResponse<T> {
  result: T;
}

/** Inserts the pending record on its own (committed at once, so concurrent requests see it). */
async function claim(em: EntityManager, key: string, requestHash: string, now: Date): Promise<boolean> {
  try {
    await em.fork().insert(IdempotencyRecord, { key, requestHash, response: null, createdAt: now });
    return true;
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) return false;
    throw error;
  }
}

/** Takes over an abandoned pending record; of several retries doing so at once, one wins. */
async function takeOver(em: EntityManager, record: IdempotencyRecord, now: Date): Promise<boolean> {
  const updated = await em
    .fork()
    .nativeUpdate(
      IdempotencyRecord,
      { key: record.key, response: null, createdAt: record.createdAt },
      { createdAt: now },
    );
  return updated === 1;
}

/**
 * Runs `run` once per `scopeKey` (the client's idempotency key with whatever it is scoped to):
 * - first request: a pending record is inserted, then `run` and the storing of its answer commit
 *   in one transaction (`run` gets it), so a ticket never exists without its stored answer;
 * - a retry with the same `requestHash` gets the stored answer, or CONFLICT while the first
 *   request is still being processed;
 * - the same key with a different request hash is refused (UNPROCESSABLE_CONTENT).
 * If `run` throws, the pending record goes, so a retry can proceed. `run` answers plain JSON
 * (a replay answers it parsed back). Call it outside any transaction of the caller's.
 */
export async function withIdempotency<T>(
  em: EntityManager,
  scopeKey: string,
  requestHash: string,
  run: (tx: EntityManager) => Promise<T>,
  now = new Date(),
): Promise<T> {
  // Fixed length whatever the scope, and no e-mail address stored in clear.
  const key = createHash('sha256').update(scopeKey).digest('hex');
  let owned = await claim(em, key, requestHash, now);
  // A few rounds at most: each lost round means another request owned the key and let go of it.
  for (let round = 0; !owned && round < 3; round++) {
    const existing = await em.fork().findOne(IdempotencyRecord, key);
    if (!existing) {
      owned = await claim(em, key, requestHash, now);
      continue;
    }
    if (existing.requestHash !== requestHash)
      throw new DomainError(
        'UNPROCESSABLE_CONTENT',
        'This idempotency key was already used for a different request; use a new key',
      );
    if (existing.response !== null) return (existing.response as StoredResponse<T>).result;
    if (now.getTime() - existing.createdAt.getTime() < ABANDONED_AFTER_MS)
      throw new ConflictError(STILL_PROCESSING);
    owned = await takeOver(em, existing, now);
  }
  if (!owned) throw new ConflictError(STILL_PROCESSING);

  try {
    return await em.fork().transactional(async (tx) => {
      const result = await run(tx);
      const response: StoredResponse<T> = { result };
      await tx.nativeUpdate(IdempotencyRecord, { key }, { response });
      return result;
    });
  } catch (error) {
    // Best effort: if even this fails, the record counts as abandoned after a while.
    await em
      .fork()
      .nativeDelete(IdempotencyRecord, { key, response: null })
      .catch(() => undefined);
    throw error;
  }
}

/** Deletes the records older than the retention (the scheduled jobs call it). Answers how many. */
export function purgeIdempotencyRecords(em: EntityManager, now: Date): Promise<number> {
  return em.fork().nativeDelete(IdempotencyRecord, {
    createdAt: { $lt: new Date(now.getTime() - IDEMPOTENCY_RETENTION_MS) },
  });
}
