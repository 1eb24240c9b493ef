import { describe, expect, it } from 'vitest';
import { BulkIds } from '../src/seeders/bulk-load.ts';

describe('bulk ids for the demo desk', () => {
  it('never answers the same reference twice, even when the random source repeats itself', () => {
    // A poor source whose first two 10-character draws are alike.
    const source = (length: number) =>
      `${'A'.repeat(20)}${'B'.repeat(10)}${'C'.repeat(10)}`.padEnd(length, 'D');
    const ids = new BulkIds(source);
    expect([ids.reference(), ids.reference(), ids.reference()]).toEqual([
      'AAAAAAAAAA',
      'BBBBBBBBBB',
      'CCCCCCCCCC',
    ]);
  });

  it('draws ids and references in the formats of newId() and newReference()', () => {
    const ids = new BulkIds();
    const id = ids.id(Date.UTC(2026, 0, 1));
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(ids.reference()).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(new Set(Array.from({ length: 10_000 }, () => ids.reference())).size).toBe(10_000);
  });
});
