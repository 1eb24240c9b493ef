import { defineEntity, p } from '@mikro-orm/core';

/** Desk-wide settings an admin changes at run time (e.g. days before solved tickets close). */
export const SettingSchema = defineEntity({
  name: 'Setting',
  tableName: 'settings',
  properties: {
    key: p.string().length(60).primary(),
    value: p.json<unknown>(),
    updatedAt: p
      .datetime(3)
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export class Setting extends SettingSchema.class {}
SettingSchema.setClass(Setting);

/**
 * A stored answer to a request made with an idempotency key: a retried request gets the same
 * answer instead of doing the work twice. `requestHash` tells a retry from a different request
 * that reuses the key.
 */
export const IdempotencyRecordSchema = defineEntity({
  name: 'IdempotencyRecord',
  tableName: 'idempotency_records',
  properties: {
    key: p.string().length(128).primary(),
    requestHash: p.string().length(64),
    /** Null while the first request is still being processed. */
    response: p.json<unknown>().nullable(),
    createdAt: p
      .datetime(3)
      .onCreate(() => new Date())
      .index(),
  },
});

export class IdempotencyRecord extends IdempotencyRecordSchema.class {}
IdempotencyRecordSchema.setClass(IdempotencyRecord);

/** Fixed-window counters for rate limits when no Redis is configured (shared through the database). */
export const RateLimitBucketSchema = defineEntity({
  name: 'RateLimitBucket',
  tableName: 'rate_limit_buckets',
  properties: {
    key: p.string().length(191).primary(),
    count: p.integer(),
    resetAt: p.datetime(3).index(),
  },
});

export class RateLimitBucket extends RateLimitBucketSchema.class {}
RateLimitBucketSchema.setClass(RateLimitBucket);

/** A lease on a scheduled job, so that of several server instances only one runs it at a time. */
export const JobLeaseSchema = defineEntity({
  name: 'JobLease',
  tableName: 'job_leases',
  properties: {
    name: p.string().length(60).primary(),
    owner: p.string().length(64),
    lockedUntil: p.datetime(3),
  },
});

export class JobLease extends JobLeaseSchema.class {}
JobLeaseSchema.setClass(JobLease);
