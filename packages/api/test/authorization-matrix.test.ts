import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/root.ts';
import { createTestApi, type TestApi, trpcCode } from '../src/testing.ts';
import { buildFixture, type Fixture, INTERNAL_MARKER, ROLES } from './authorization/fixture.ts';
import { rows } from './authorization/rows.ts';
import { deskRows } from './authorization/rows-desk.ts';
import { securityRows } from './authorization/rows-security.ts';

/**
 * The authorization matrix, generated from the router itself: every procedure is called as
 * anonymous, a customer, another customer, an agent and an admin, and must answer what its row
 * writes down. A procedure without a row fails the suite, so nothing new is ever open by default.
 */
const matrix = { ...rows, ...deskRows, ...securityRows };
const procedures = Object.keys(appRouter._def.procedures).sort();

let api: TestApi;
let fx: Fixture;
beforeAll(async () => {
  api = await createTestApi();
  fx = await buildFixture(api);
});
afterAll(() => api?.dispose());

describe('the authorization matrix', () => {
  it('has a row for every procedure, and no row for a procedure that is gone', () => {
    expect(procedures.filter((path) => !matrix[path])).toEqual([]);
    expect(Object.keys(matrix).filter((path) => !procedures.includes(path))).toEqual([]);
  });

  for (const path of procedures) {
    it(`${path}`, async () => {
      const row = matrix[path];
      if (!row) throw new Error(`No authorization row for ${path}`);
      const answers: Record<string, string> = {};
      for (const role of ROLES) {
        const outcome = row.call(fx.callers[role], fx, role);
        answers[role] = await trpcCode(outcome);
        // Whatever a customer gets back never holds agent-only material (notes, tags, teams).
        if (answers[role] === 'OK' && (role === 'customer' || role === 'otherCustomer')) {
          expect(JSON.stringify(await outcome) ?? '', `${path} as ${role}`).not.toContain(INTERNAL_MARKER);
        }
      }
      expect(answers).toEqual(row.expect);
    });
  }
});
