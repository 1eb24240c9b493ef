import { describe, expect, it } from 'vitest';
import { type CpuProfile, summarizeProfile } from '../src/profile-summary.ts';

/** A profile of four frames: idle, a project function, a package's function and the same package's other one. */
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
    {
      id: 2,
      callFrame: {
        functionName: 'all',
        url: 'file:///repo/packages/db/src/sqlite-dialect.ts',
        lineNumber: 65,
      },
    },
    {
      id: 3,
      callFrame: {
        functionName: 'parse',
        url: 'file:///repo/node_modules/zod/v4/core/parse.js',
        lineNumber: 24,
      },
    },
    {
      id: 4,
      callFrame: {
        functionName: 'run',
        url: 'file:///repo/node_modules/zod/v4/core/schemas.js',
        lineNumber: 9,
      },
    },
  ],
  samples: [1, 2, 2, 3, 4, 1],
  timeDeltas: [5_000, 3_000, 3_000, 1_000, 1_000, 5_000],
};

describe('the profile summary', () => {
  it("shares each function's self time of the busy time, idle left out, largest first", () => {
    const summary = summarizeProfile(profile, 'function');
    expect(summary.busyMs).toBe(8);
    expect(summary.shares).toEqual([
      { name: 'all packages/db/src/sqlite-dialect.ts:66', share: 0.75 },
      { name: 'parse npm:zod/v4/core/parse.js:25', share: 0.125 },
      { name: 'run npm:zod/v4/core/schemas.js:10', share: 0.125 },
    ]);
  });

  it('groups by package: an npm package by its name, the project by its package folder', () => {
    expect(summarizeProfile(profile, 'package').shares).toEqual([
      { name: 'packages/db', share: 0.75 },
      { name: 'zod', share: 0.25 },
    ]);
  });
});
