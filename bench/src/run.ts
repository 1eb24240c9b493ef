import { type DatasetFacts, DEMO_PASSWORD, type Log, prepareDataset, resetDataset } from './dataset.ts';
import { compareReply, compareStatusChange, compareWithFloor, type FloorCheck } from './floor-check.ts';
import { type Measurement, measure } from './load.ts';
import { FLOOR_MAIN, SERVER_MAIN, type ServerProcess, startServer } from './processes.ts';
import {
  connectionsOf,
  QUEUE_INPUT,
  SCENARIOS,
  type ScenarioData,
  type ScenarioName,
  SEARCH_QUERIES,
  signInsLeft,
} from './scenarios.ts';
import {
  answerData,
  documentationAddress,
  mutationBody,
  mutationPath,
  queryPath,
  signIn,
  WireError,
} from './wire.ts';

export interface RunOptions {
  databaseUrl: string;
  tickets: number;
  seed: number;
  scenarios: readonly ScenarioName[];
  connections: number;
  /** Seconds measured per scenario, after `warmup` seconds of the same load. */
  duration: number;
  warmup: number;
  fresh: boolean;
  /** Search documents written one message at a time, as a running desk writes them (search-history.ts). */
  searchHistory: boolean;
  /** Node options for each server process, by its name (`--cpu-prof` into a folder of its own, ...). */
  serverNodeOptions: (server: 'helpdesk' | 'floor') => string[];
  log: Log;
}

export interface ScenarioResult {
  name: ScenarioName;
  description: string;
  connections: number;
  helpdesk: Measurement;
  floor: Measurement | null;
  /** Helpdesk's throughput over the floor's; null where there is no floor. */
  ratioToFloor: number | null;
  /**
   * The floor's server CPU time per request over Helpdesk's: the same comparison in what each
   * request cost the server process, leaving out MySQL's share of the cores (on SQLite it agrees
   * with the throughput ratio; neither is steady on MySQL, see bench/README.md).
   */
  cpuRatioToFloor: number | null;
}

export interface RunResult {
  dialect: 'sqlite' | 'mysql';
  tickets: number;
  seededNow: boolean;
  /** The floor answered exactly the JSON Helpdesk answered, per request kind checked. */
  floorCheck: Record<string, boolean>;
  /** The size of each answer compared (an empty list would prove little). */
  floorCheckBytes: Record<string, number>;
  floorCheckDetails: string[];
  scenarios: ScenarioResult[];
}

async function inParallel<T, R>(items: T[], width: number, work: (item: T, i: number) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}

/** Sessions for the scenarios, through the real sign-in (one each: the per-account throttle). */
async function signInAll(url: string, emails: string[], offset: number) {
  return inParallel(emails, 4, (email, i) =>
    signIn(url, email, DEMO_PASSWORD, documentationAddress(0x4000000 + offset + i)),
  );
}

/** Tickets for agents to work on (reply to, move between statuses), opened by customers; the run's clean-up removes them. */
async function openWorkTickets(url: string, customerTokens: string[], count: number) {
  return inParallel(
    Array.from({ length: count }, (_, i) => i),
    4,
    async (i) => {
      const response = await fetch(`${url}${mutationPath('tickets.create')}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: `helpdesk_session=${customerTokens[i % customerTokens.length]}`,
        },
        body: mutationBody({
          subject: `Benchmark conversation ${i + 1}: router connection drops`,
          body: 'The wireless connection drops every few minutes since the last update.',
        }),
      });
      const text = await response.text();
      if (!response.ok)
        throw new WireError(`creating a ticket: HTTP ${response.status} ${text.slice(0, 300)}`);
      return answerData<{ id: string }>(text).id;
    },
  );
}

function serverEnv(databaseUrl: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    REQUEST_LOGS: 'false',
    JOBS_INTERVAL_SECONDS: '0',
    MAIL_INTERVAL_SECONDS: '0',
    // One load generator on one address would hit the per-address request limit at once.
    RATE_LIMIT_PER_MINUTE: '0',
    // No load shedding while measuring: every request must be answered.
    MAX_EVENT_LOOP_DELAY_MS: '0',
    // The sign-in storm gives every request its own X-Forwarded-For; only the loopback is believed.
    TRUST_PROXY: '127.0.0.1',
    PUBLIC_URL: 'http://127.0.0.1',
    SESSION_IDLE_MINUTES: '30',
    SESSION_ABSOLUTE_HOURS: '12',
    // A developer's .env must not send the benchmark's mail or counters elsewhere.
    REDIS_URL: '',
    SMTP_URL: '',
  };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits });

function describe(m: Measurement) {
  return `${fmt(m.requestsPerSecond)} req/s, p50 ${fmt(m.latencyMs.p50, 1)} ms, p99 ${fmt(m.latencyMs.p99, 1)} ms, ${m.errors} errors, ${fmt(m.sqlPerRequest, 1)} SQL/req, ${fmt(m.cpuMsPerRequest, 2)} CPU ms/req, loop p99 ${fmt(m.eventLoopDelayMs.p99, 1)} ms`;
}

/** One database size: prepare the data, start both servers, run the scenarios, clean up. */
export async function runOnce(options: RunOptions): Promise<RunResult> {
  const { log } = options;
  const facts: DatasetFacts = await prepareDataset({
    databaseUrl: options.databaseUrl,
    tickets: options.tickets,
    seed: options.seed,
    fresh: options.fresh,
    searchHistory: options.searchHistory,
    log,
  });
  await resetDataset(facts.databaseUrl, facts.seededAt, !options.searchHistory);
  const selected = SCENARIOS.filter((scenario) => options.scenarios.includes(scenario.name));
  const servers: ServerProcess[] = [];
  try {
    const helpdesk = await startServer({
      name: 'Helpdesk',
      script: SERVER_MAIN,
      env: serverEnv(facts.databaseUrl),
      nodeOptions: options.serverNodeOptions('helpdesk'),
    });
    servers.push(helpdesk);
    const floor = selected.some((scenario) => scenario.hasFloor)
      ? await startServer({
          name: 'floor',
          script: FLOOR_MAIN,
          env: serverEnv(facts.databaseUrl),
          nodeOptions: options.serverNodeOptions('floor'),
        })
      : null;
    if (floor) servers.push(floor);
    log(`Helpdesk at ${helpdesk.url}${floor ? `, floor at ${floor.url}` : ''}; signing in`);

    const agents = facts.agents.slice(0, 8);
    const customers = facts.customers.slice(0, Math.min(50, facts.customers.length));
    const agentTokens = await signInAll(helpdesk.url, agents, 0);
    const customerTokens = await signInAll(helpdesk.url, customers, agents.length);
    const needsWorkTickets = selected.some((scenario) =>
      ['reply', 'status', 'mixed'].includes(scenario.name),
    );
    const data: ScenarioData = {
      agentTokens,
      customerTokens,
      conversationIds: facts.conversationIds,
      workTicketIds: needsWorkTickets ? await openWorkTickets(helpdesk.url, customerTokens, 100) : [],
      requestedStatus: new Map(),
      accounts: facts.accounts,
      password: DEMO_PASSWORD,
    };

    let floorCheck: Record<string, boolean> = {};
    let floorCheckBytes: Record<string, number> = {};
    let floorCheckDetails: string[] = [];
    if (floor) {
      ({
        check: floorCheck,
        bytes: floorCheckBytes,
        details: floorCheckDetails,
      } = await compareWithFloor(helpdesk, floor, agentTokens[0] as string, {
        list: queryPath('tickets.list', QUEUE_INPUT),
        view: queryPath('tickets.get', { id: facts.conversationIds[0] }),
        search: queryPath('tickets.list', { search: SEARCH_QUERIES[0], limit: 25 }),
        me: queryPath('auth.me'),
      }));
      const add = (more: FloorCheck) => {
        Object.assign(floorCheck, more.check);
        Object.assign(floorCheckBytes, more.bytes);
        floorCheckDetails.push(...more.details);
      };
      const runs = (name: ScenarioName) => selected.some((scenario) => scenario.name === name);
      const agent = agentTokens[0] as string;
      if (runs('status'))
        add(
          await compareStatusChange(
            helpdesk,
            floor,
            agent,
            data.workTicketIds[0] as string,
            data.requestedStatus,
          ),
        );
      if (runs('reply')) add(await compareReply(helpdesk, floor, agent, data.workTicketIds[1] as string));
      for (const detail of floorCheckDetails) log(`  floor answered differently: ${detail}`);
    }

    const results: ScenarioResult[] = [];
    for (const scenario of selected) {
      const { measured: connections, background } = connectionsOf(scenario, options.connections);
      const beside = scenario.background;
      const load = {
        connections,
        duration: options.duration,
        warmup: options.warmup,
        ...(scenario.name === 'signIn' ? { maxRequests: () => signInsLeft(facts.accounts.length) } : {}),
        ...(beside && background > 0
          ? { background: { connections: background, requests: () => beside.requests(data) } }
          : {}),
      };
      const real = await measure(helpdesk, () => scenario.requests(data), load);
      log(`  ${scenario.name.padEnd(11)} Helpdesk ${describe(real)}`);
      for (const sample of real.errorSamples) log(`          ${sample}`);
      let hand: Measurement | null = null;
      if (scenario.hasFloor && floor) {
        hand = await measure(floor, () => scenario.requests(data), load);
        log(`  ${''.padEnd(11)} floor    ${describe(hand)}`);
        for (const sample of hand.errorSamples) log(`          ${sample}`);
      }
      results.push({
        name: scenario.name,
        description: scenario.description,
        connections,
        helpdesk: real,
        floor: hand,
        ratioToFloor:
          hand && hand.requestsPerSecond > 0 ? real.requestsPerSecond / hand.requestsPerSecond : null,
        cpuRatioToFloor:
          hand && real.cpuMsPerRequest > 0 ? hand.cpuMsPerRequest / real.cpuMsPerRequest : null,
      });
    }
    return {
      dialect: facts.dialect,
      tickets: facts.tickets,
      seededNow: facts.seededNow,
      floorCheck,
      floorCheckBytes,
      floorCheckDetails,
      scenarios: results,
    };
  } catch (error) {
    for (const server of servers) log(`--- ${server.name} output ---\n${server.output()}`);
    throw error;
  } finally {
    for (const server of servers) await server.stop();
    await resetDataset(facts.databaseUrl, facts.seededAt, !options.searchHistory);
  }
}
