import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '@helpdesk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BenchResult, runBench } from '../src/bench.ts';
import { SCENARIO_NAMES } from '../src/scenarios.ts';

/**
 * The harness at a tiny size (a few hundred tickets, one-second scenarios, two connections), so it
 * never rots: every scenario runs against the real server and the floor, nothing fails, and the
 * results file says everything the report promises. No time is asserted.
 */
describe('npm run bench, tiny', () => {
  let written: BenchResult;
  let resultsDir = '';
  const logs: string[] = [];

  beforeAll(async () => {
    const db = await createTestDatabase({ empty: true });
    const databaseUrl = db.target.dialect === 'mysql' ? db.target.url : `sqlite:${db.target.path}`;
    await db.orm.close();
    resultsDir = mkdtempSync(join(tmpdir(), 'helpdesk-bench-'));
    try {
      const result = await runBench({
        dialect: db.dialect,
        tickets: 300,
        seed: 7,
        scenarios: SCENARIO_NAMES,
        connections: 2,
        duration: 1,
        warmup: 0.5,
        fresh: true,
        searchHistory: false,
        profile: false,
        mysqlServer: '',
        databaseUrl,
        growthBase: 20_000,
        resultsDir,
        log: (line) => logs.push(line),
      });
      written = JSON.parse(readFileSync(result.file, 'utf8'));
    } finally {
      await db.dispose();
    }
  }, 240_000);

  afterAll(() => {
    if (resultsDir) rmSync(resultsDir, { recursive: true, force: true });
  });

  it('measures every scenario, with a number for every metric, and no errors', () => {
    expect(written.runs).toHaveLength(1);
    const [run] = written.runs;
    expect(run?.scenarios.map((s) => s.name)).toEqual([...SCENARIO_NAMES]);
    for (const scenario of run?.scenarios ?? []) {
      const sides = scenario.floor ? [scenario.helpdesk, scenario.floor] : [scenario.helpdesk];
      for (const m of sides) {
        const metrics = [
          m.requestsPerSecond,
          m.latencyMs.p50,
          m.latencyMs.p99,
          m.latencyMs.max,
          m.errors,
          m.sqlPerRequest,
          m.cpuMsPerRequest,
          m.rssBytes,
          m.eventLoopDelayMs.p99,
        ];
        for (const value of metrics)
          expect(Number.isFinite(value), `${scenario.name}: ${metrics}`).toBe(true);
        expect(m.requests, scenario.name).toBeGreaterThan(0);
        expect(m.errors, `${scenario.name}: ${m.errorSamples.join('\n')}`).toBe(0);
        expect(m.sqlPerRequest, scenario.name).toBeGreaterThan(0);
        expect(m.rssBytes, scenario.name).toBeGreaterThan(0);
        expect(m.cpuMsPerRequest, scenario.name).toBeGreaterThan(0);
      }
      expect(scenario.floor !== null, scenario.name).toBe(
        ['list', 'view', 'search', 'searchAlone', 'me', 'status', 'reply'].includes(scenario.name),
      );
      // besideSearches measures one of the two connections; searches run on the other.
      expect(scenario.connections, scenario.name).toBe(
        ['searchAlone', 'besideSearches'].includes(scenario.name) ? 1 : 2,
      );
      if (scenario.name === 'besideSearches') {
        expect(scenario.helpdesk.background?.connections).toBe(1);
        expect(scenario.helpdesk.background?.requestsPerSecond).toBeGreaterThan(0);
        expect(scenario.helpdesk.background?.latencyMs.p99).toBeGreaterThan(0);
      } else expect(scenario.helpdesk.background, scenario.name).toBeNull();
      if (scenario.floor) {
        expect(scenario.ratioToFloor, scenario.name).toBeGreaterThan(0);
        expect(scenario.cpuRatioToFloor, scenario.name).toBeGreaterThan(0);
      }
    }
    expect(written.errors).toBe(0);
    expect(written.goals.length).toBeGreaterThan(0);
  });

  it('finds the floor answering the same JSON as the real server for a list, a view, a search, a status change and a reply', () => {
    const [run] = written.runs;
    expect(run?.floorCheckDetails).toEqual([]);
    expect(run?.floorCheck).toEqual({
      list: true,
      view: true,
      search: true,
      me: true,
      status: true,
      reply: true,
    });
    expect(written.floorMatches).toBe(true);
    // A queue page of tickets and a conversation, not empty answers.
    expect(run?.floorCheckBytes.list).toBeGreaterThan(1_000);
    expect(run?.floorCheckBytes.view).toBeGreaterThan(2_000);
    // The ticket's summary after the floor's change.
    expect(run?.floorCheckBytes.status).toBeGreaterThan(200);
    // The message and the ticket's summary after the floor's reply.
    expect(run?.floorCheckBytes.reply).toBeGreaterThan(400);
  });
});
