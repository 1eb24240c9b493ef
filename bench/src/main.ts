/**
 * npm run bench [-- --db sqlite|mysql] [--tickets 20000] [--duration 10] [--connections 32] ...
 *
 * Measures Helpdesk's hot paths over HTTP against a hand-written floor; see bench/README.md.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDotEnv } from '@helpdesk/db';
import { runBench } from './bench.ts';
import { BENCH_DIR } from './dataset.ts';
import { formatReport } from './report.ts';
import { SCENARIO_NAMES, type ScenarioName } from './scenarios.ts';

const HELP = `npm run bench -- [options]
  --db sqlite|mysql     database (default: mysql when DATABASE_URL is mysql://, else sqlite)
  --tickets N           desk size (default 20000); above 20000 also the growth check
  --seed N              data generator seed (default 42)
  --duration S          measured seconds per scenario (default 10)
  --warmup S            warm-up seconds per scenario (default 3)
  --connections N       concurrent connections (default 32)
  --scenarios a,b       a subset of ${SCENARIO_NAMES.join(',')}
  --fresh               seed again even if the database holds this desk
  --search-history      search documents written one message at a time, as a running desk
                        writes them (a database of its own; never compacted between runs)
  --profile             run the server with --cpu-prof (profiles in bench/results/profiles)
  --out DIR             where results go (default bench/results)`;

function whole(name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number of at least ${min}`);
  return n;
}

async function main() {
  loadDotEnv();
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      tickets: { type: 'string' },
      seed: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      scenarios: { type: 'string' },
      fresh: { type: 'boolean', default: false },
      'search-history': { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const envUrl = process.env.DATABASE_URL ?? '';
  const dialect = values.db ?? (envUrl.startsWith('mysql://') ? 'mysql' : 'sqlite');
  if (dialect !== 'sqlite' && dialect !== 'mysql') throw new Error('--db must be sqlite or mysql');
  const scenarios = (values.scenarios?.split(',') ?? [...SCENARIO_NAMES]).map((name) => name.trim());
  const unknown = scenarios.filter((name) => !SCENARIO_NAMES.includes(name as ScenarioName));
  if (unknown.length) throw new Error(`unknown scenarios: ${unknown.join(', ')}`);
  const result = await runBench({
    dialect,
    tickets: Math.floor(whole('tickets', values.tickets, 20_000, 100)),
    seed: Math.floor(whole('seed', values.seed, 42)),
    scenarios: scenarios as ScenarioName[],
    connections: Math.floor(whole('connections', values.connections, 32, 1)),
    duration: whole('duration', values.duration, 10, 1),
    warmup: whole('warmup', values.warmup, 3),
    fresh: values.fresh,
    searchHistory: values['search-history'],
    profile: values.profile,
    mysqlServer: envUrl.startsWith('mysql://')
      ? envUrl
      : process.env.TEST_MYSQL_URL || 'mysql://root@127.0.0.1:3306/',
    growthBase: 20_000,
    resultsDir: values.out ?? join(BENCH_DIR, 'results'),
    log: (line) => console.log(line),
  });
  console.log(formatReport(result));
  if (result.errors > 0 || !result.floorMatches) {
    console.error(
      result.errors > 0 ? `\nFAILED: ${result.errors} errors` : '\nFAILED: the floor answered other data',
    );
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
