import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { benchDatabaseUrl, type Log } from './dataset.ts';
import { type RunResult, runOnce } from './run.ts';
import type { ScenarioName } from './scenarios.ts';

export interface BenchOptions {
  dialect: 'sqlite' | 'mysql';
  tickets: number;
  seed: number;
  scenarios: readonly ScenarioName[];
  connections: number;
  duration: number;
  warmup: number;
  fresh: boolean;
  /**
   * Search documents written one message at a time as a running desk writes them, in a database of
   * their own (`bench-<n>-history.db`, `helpdesk_bench_<n>_history`); see search-history.ts.
   */
  searchHistory: boolean;
  /** `--cpu-prof` the server; profiles go to `<resultsDir>/profiles`. */
  profile: boolean;
  /** A MySQL server (its URL; the database part is ignored) for `helpdesk_bench_<n>` databases. */
  mysqlServer: string;
  /** Use this database instead of the benchmark's own (tests hand over a throw-away one). */
  databaseUrl?: string;
  /** Above this size the growth check also runs list, view and search at this size. */
  growthBase: number;
  resultsDir: string;
  log: Log;
}

export interface GrowthRow {
  scenario: ScenarioName;
  base: { tickets: number; p50Ms: number; p99Ms: number; requestsPerSecond: number };
  large: { tickets: number; p50Ms: number; p99Ms: number; requestsPerSecond: number };
  p50Ratio: number;
  p99Ratio: number;
}

export interface Goal {
  goal: string;
  met: boolean;
  detail: string;
}

export interface BenchResult {
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; cpuModel: string; memoryBytes: number; node: string; platform: string };
  options: Omit<BenchOptions, 'log' | 'resultsDir' | 'mysqlServer' | 'databaseUrl'>;
  runs: RunResult[];
  growth: GrowthRow[] | null;
  goals: Goal[];
  /** Errors over every run: any makes the run fail. */
  errors: number;
  /** Every floor check passed. */
  floorMatches: boolean;
  file: string;
}

const GROWTH_SCENARIOS: ScenarioName[] = ['list', 'view', 'search', 'searchAlone'];

function growthRows(base: RunResult, large: RunResult): GrowthRow[] {
  return GROWTH_SCENARIOS.flatMap((name) => {
    const small = base.scenarios.find((s) => s.name === name)?.helpdesk;
    const big = large.scenarios.find((s) => s.name === name)?.helpdesk;
    if (!small || !big) return [];
    const side = (tickets: number, m: typeof small) => ({
      tickets,
      p50Ms: m.latencyMs.p50,
      p99Ms: m.latencyMs.p99,
      requestsPerSecond: m.requestsPerSecond,
    });
    return [
      {
        scenario: name,
        base: side(base.tickets, small),
        large: side(large.tickets, big),
        p50Ratio: big.latencyMs.p50 / Math.max(small.latencyMs.p50, 0.001),
        p99Ratio: big.latencyMs.p99 / Math.max(small.latencyMs.p99, 0.001),
      },
    ];
  });
}

/** The goals, checked against what was measured (never asserted by a test). */
export function evaluateGoals(main: RunResult, growth: GrowthRow[] | null): Goal[] {
  const goals: Goal[] = [];
  const find = (name: ScenarioName) => main.scenarios.find((s) => s.name === name);
  for (const name of ['list', 'view', 'search'] as const) {
    const ratio = find(name)?.ratioToFloor;
    if (ratio != null)
      goals.push({
        goal: `${name}: throughput ≥ 0.7 of the floor`,
        met: ratio >= 0.7,
        detail: ratio.toFixed(2),
      });
  }
  const errors = main.scenarios.reduce((sum, s) => sum + s.helpdesk.errors + (s.floor?.errors ?? 0), 0);
  goals.push({ goal: 'zero errors', met: errors === 0, detail: String(errors) });
  // A scenario whose requests failed has no latency to speak of: its latency goal is missed.
  const answered = (m: { requests: number; errors: number }) => m.requests > 0 && m.errors === 0;
  for (const s of main.scenarios.filter((s) => s.name !== 'signIn')) {
    goals.push({
      goal: `${s.name}: p99 < 50 ms at ${s.connections} connection${s.connections === 1 ? '' : 's'}`,
      met: answered(s.helpdesk) && s.helpdesk.latencyMs.p99 < 50,
      detail: answered(s.helpdesk) ? `${s.helpdesk.latencyMs.p99} ms` : `${s.helpdesk.errors} errors`,
    });
  }
  const storm = find('signIn');
  if (storm)
    goals.push({
      goal: 'sign-in storm: event-loop delay p99 < 20 ms',
      met: storm.helpdesk.eventLoopDelayMs.p99 < 20,
      detail: `${storm.helpdesk.eventLoopDelayMs.p99} ms`,
    });
  for (const row of growth ?? []) {
    if (row.scenario === 'search' || row.scenario === 'searchAlone') {
      if (main.dialect === 'mysql')
        goals.push({
          goal: `${row.scenario} at ${row.large.tickets.toLocaleString('en')} tickets: p50 < 100 ms (MySQL)`,
          met: row.large.requestsPerSecond > 0 && row.large.p50Ms < 100,
          detail: `${row.large.p50Ms} ms`,
        });
      continue;
    }
    goals.push({
      goal: `${row.scenario}: p50 at ${row.large.tickets.toLocaleString('en')} within 1.3x of ${row.base.tickets.toLocaleString('en')}`,
      met: row.large.requestsPerSecond > 0 && row.p50Ratio <= 1.3,
      detail: `${row.p50Ratio.toFixed(2)}x (${row.base.p50Ms} → ${row.large.p50Ms} ms)`,
    });
  }
  return goals;
}

/**
 * The whole benchmark: one run at `tickets`, preceded (growth check, above `growthBase`) by a run
 * of list, view and search at `growthBase`. Writes the results as JSON and answers them.
 */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const startedAt = new Date();
  const databaseUrl = (tickets: number) =>
    options.databaseUrl ??
    benchDatabaseUrl(options.dialect, tickets, options.mysqlServer, options.searchHistory);
  const common = {
    seed: options.seed,
    connections: options.connections,
    duration: options.duration,
    warmup: options.warmup,
    fresh: options.fresh,
    searchHistory: options.searchHistory,
    // The floor is profiled too: what separates the two is read by comparing their profiles.
    serverNodeOptions: (server: 'helpdesk' | 'floor') =>
      options.profile ? ['--cpu-prof', '--cpu-prof-dir', join(options.resultsDir, 'profiles', server)] : [],
    log: options.log,
  };
  const runs: RunResult[] = [];
  const growing = options.tickets > options.growthBase && !options.databaseUrl;
  if (growing) {
    options.log(
      `Growth check: list, view and search at ${options.growthBase.toLocaleString('en')} tickets first`,
    );
    runs.push(
      await runOnce({
        ...common,
        databaseUrl: databaseUrl(options.growthBase),
        tickets: options.growthBase,
        scenarios: options.scenarios.filter((name) => GROWTH_SCENARIOS.includes(name)),
      }),
    );
  }
  options.log(`${options.dialect} with ${options.tickets.toLocaleString('en')} tickets`);
  const main = await runOnce({
    ...common,
    databaseUrl: databaseUrl(options.tickets),
    tickets: options.tickets,
    scenarios: options.scenarios,
  });
  runs.push(main);
  const growth = growing ? growthRows(runs[0] as RunResult, main) : null;
  const errors = runs
    .flatMap((run) => run.scenarios)
    .reduce((sum, s) => sum + s.helpdesk.errors + (s.floor?.errors ?? 0), 0);
  mkdirSync(options.resultsDir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const file = join(options.resultsDir, `${stamp}-${options.dialect}-${options.tickets}.json`);
  const { log: _log, resultsDir: _dir, mysqlServer: _server, databaseUrl: _url, ...recorded } = options;
  const result: BenchResult = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: {
      cpus: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryBytes: os.totalmem(),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    options: recorded,
    runs,
    growth,
    goals: evaluateGoals(main, growth),
    errors,
    floorMatches: runs.every((run) => Object.values(run.floorCheck).every(Boolean)),
    file,
  };
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return result;
}
