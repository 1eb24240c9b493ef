import { PRODUCTS, tailWord } from '@helpdesk/db';
import type { Request } from 'autocannon';
import { cookieHeader, documentationAddress, mutationBody, mutationPath, queryPath } from './wire.ts';

export const SCENARIO_NAMES = [
  'list',
  'view',
  'search',
  'searchAlone',
  'me',
  'create',
  'reply',
  'status',
  'mixed',
  'besideSearches',
  'signIn',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** What the scenarios draw on: signed-in sessions, and ids and words the database holds. */
export interface ScenarioData {
  agentTokens: string[];
  customerTokens: string[];
  conversationIds: string[];
  /** Tickets the benchmark created itself, which agents reply to and move between statuses (removed after the run). */
  workTicketIds: string[];
  /**
   * The status each work ticket was last asked for, shared by every run of the `status` scenario
   * (the warm-up's, the floor's): its next request moves the ticket the other way, also when a
   * run starts on tickets the previous one left pending.
   */
  requestedStatus: Map<string, 'open' | 'pending'>;
  /** Addresses to sign in as, each used at most a few times (the per-account throttle). */
  accounts: string[];
  password: string;
}

export interface Scenario {
  name: ScenarioName;
  description: string;
  /** The floor server answers it too (same requests), and the ratio is reported. */
  hasFloor: boolean;
  /** Its own number of connections instead of `--connections`. */
  connections?: number;
  /**
   * Load during the whole run, not measured: what the measured requests run beside, on this share
   * of the run's connections (the measured requests have the rest). The server's figures (SQL and
   * CPU per request) count its requests too.
   */
  background?: { share: number; requests(data: ScenarioData): Request[] };
  /** Fresh request templates for one run (each rotates through its own sessions and ids). */
  requests(data: ScenarioData): Request[];
}

/** How a run's connections are split between its measured requests and its background load. */
export function connectionsOf(scenario: Scenario, connections: number) {
  const total = scenario.connections ?? connections;
  if (!scenario.background) return { measured: total, background: 0 };
  // At least one connection each, or none in the background when the run has only one.
  const background = Math.min(total - 1, Math.max(1, Math.round(total * scenario.background.share)));
  return { measured: total - background, background };
}

/** The agent's queue: my open and pending tickets, most recently updated first. */
export const QUEUE_INPUT = { assigneeId: 'me', status: ['open', 'pending'], limit: 25 };

/**
 * What an agent types: a product and a word they remember from the ticket (a model, an error code,
 * a place), every term required. The tail words' ranks are spread evenly on a log scale from common
 * (rank 200: in about 2 % of tickets) to rare (rank 50,000: about 1 in 10,000), as searches spread
 * over a real desk's long-tailed vocabulary; the median query matches about 0.15 % of the desk.
 * The words exist in every seeded desk, whatever its size, because the desk's text is drawn from
 * the same law (`tailWord` in `@helpdesk/db`).
 */
export const SEARCH_QUERIES = Array.from({ length: 16 }, (_, i) => productAndWord(i, searchRank(i)));

function searchRank(query: number): number {
  return Math.round(200 * (50_000 / 200) ** (query / 15));
}

/** The `i`th of 16 products spread over the 20, and the tail word of this rank. */
function productAndWord(i: number, rank: number): string {
  return `${PRODUCTS[(i * 7) % PRODUCTS.length]} ${tailWord(rank)}`;
}

/**
 * Subjects of the tickets `create` opens: a product and a tail word as common as a search's word,
 * never a search's word itself, so the thousands of tickets a run creates leave the searches of
 * the scenarios after it (`mixed`) the answers the seeded desk gives. When they named the
 * searches' words, 150 seconds of `create` made every search match ~4,400 more tickets, and
 * `mixed` answered 349 requests a second instead of 1,231.
 */
export const CREATE_SUBJECTS = Array.from({ length: 16 }, (_, i) => productAndWord(i, searchRank(i) + 1));

function rotation<T>(items: readonly T[]): () => T {
  if (!items.length) throw new Error('nothing to rotate through');
  let i = 0;
  return () => items[i++ % items.length] as T;
}

type Setup = NonNullable<Request['setupRequest']>;

function get(path: () => string, token: () => string): Request {
  const setupRequest: Setup = (request) => {
    request.path = path();
    request.headers = { ...request.headers, cookie: cookieHeader(token()) };
    return request;
  };
  return { method: 'GET', setupRequest };
}

function post(procedure: string, body: () => unknown, headers: () => Record<string, string>): Request {
  const path = mutationPath(procedure);
  const setupRequest: Setup = (request) => {
    request.path = path;
    request.headers = { ...request.headers, 'content-type': 'application/json', ...headers() };
    request.body = mutationBody(body());
    return request;
  };
  return { method: 'POST', setupRequest };
}

function listRequest(agent: () => string): Request {
  const path = queryPath('tickets.list', QUEUE_INPUT);
  return get(() => path, agent);
}

function viewRequest(agent: () => string, ticket: () => string): Request {
  return get(() => queryPath('tickets.get', { id: ticket() }), agent);
}

function searchRequest(agent: () => string, words: () => string): Request {
  return get(() => queryPath('tickets.list', { search: words(), limit: 25 }), agent);
}

function replyRequest(agent: () => string, ticket: () => string): Request {
  let n = 0;
  return post(
    'tickets.reply',
    () => ({
      ticketId: ticket(),
      body: `Thanks for the details. We restarted the service on our side; please try again and tell us whether the error is gone. (benchmark reply ${++n})`,
    }),
    () => ({ cookie: cookieHeader(agent()) }),
  );
}

/**
 * An agent moves a ticket between pending and open, each request the other way for its ticket, so
 * every one is a real change (an event, the status's timestamps, the queue indexes), never a
 * no-op. Through the dashboard's bulk action with one ticket, which runs the same change as
 * `tickets.update`: the latter also needs the version the agent last saw, which the load generator
 * cannot know for requests it abandons when a run ends.
 */
function statusRequest(
  agent: () => string,
  ticket: () => string,
  requested: Map<string, 'open' | 'pending'>,
): Request {
  return post(
    'tickets.bulkUpdate',
    () => {
      const id = ticket();
      const status = requested.get(id) === 'pending' ? 'open' : 'pending';
      requested.set(id, status);
      return { ids: [id], status };
    },
    () => ({ cookie: cookieHeader(agent()) }),
  );
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'list',
    description: "agent's queue page: tickets.list, my open and pending tickets, 25 rows with tags",
    hasFloor: true,
    requests: (data) => [listRequest(rotation(data.agentTokens))],
  },
  {
    name: 'view',
    description: 'tickets.get of a ticket with about 20 messages, as an agent',
    hasFloor: true,
    requests: (data) => [viewRequest(rotation(data.agentTokens), rotation(data.conversationIds))],
  },
  {
    name: 'search',
    description: 'tickets.list with a full-text search (a product and a rarer word), 25 rows, as an agent',
    hasFloor: true,
    requests: (data) => [searchRequest(rotation(data.agentTokens), rotation(SEARCH_QUERIES))],
  },
  {
    // At 32 connections a saturated server's latency is mostly the queue (32 ÷ throughput); one
    // connection shows what one search costs the person waiting for it.
    name: 'searchAlone',
    description: 'the same searches one at a time (one connection): the latency of a search itself',
    hasFloor: true,
    connections: 1,
    requests: (data) => [searchRequest(rotation(data.agentTokens), rotation(SEARCH_QUERIES))],
  },
  {
    name: 'me',
    description: 'auth.me: session validation alone, agents and customers',
    hasFloor: true,
    requests: (data) => {
      const token = rotation([...data.agentTokens, ...data.customerTokens]);
      return [get(() => queryPath('auth.me'), token)];
    },
  },
  {
    name: 'create',
    description: 'a customer creates a ticket (tickets.create)',
    hasFloor: false,
    requests: (data) => {
      const customer = rotation(data.customerTokens);
      const subject = rotation(CREATE_SUBJECTS);
      let n = 0;
      return [
        post(
          'tickets.create',
          () => ({
            subject: `Benchmark ${++n}: ${subject()}`,
            body: 'Since this morning the printer shows an error when I print invoices from the dashboard. Restarting did not help. Could you take a look?',
          }),
          () => ({ cookie: cookieHeader(customer()) }),
        ),
      ];
    },
  },
  {
    name: 'reply',
    description: 'an agent replies publicly to a ticket (tickets.reply)',
    hasFloor: true,
    requests: (data) => [replyRequest(rotation(data.agentTokens), rotation(data.workTicketIds))],
  },
  {
    name: 'status',
    description:
      "an agent changes a ticket's status, pending and back to open (tickets.bulkUpdate of one ticket)",
    hasFloor: true,
    requests: (data) => [
      statusRequest(rotation(data.agentTokens), rotation(data.workTicketIds), data.requestedStatus),
    ],
  },
  {
    name: 'mixed',
    description: 'agents at work: 5 queue pages, 3 ticket views, 1 search and 1 reply in every 10 requests',
    hasFloor: false,
    requests: (data) => {
      const agent = rotation(data.agentTokens);
      const list = listRequest(agent);
      const view = viewRequest(agent, rotation(data.conversationIds));
      const search = searchRequest(agent, rotation(SEARCH_QUERIES));
      const reply = replyRequest(agent, rotation(data.workTicketIds));
      return [list, view, list, view, list, search, list, view, list, reply];
    },
  },
  {
    // On SQLite searches, queue pages and conversations share the reader threads; at a million
    // tickets a search takes 12-17 ms, and a page queued behind searches took 70 ms instead of 4.
    name: 'besideSearches',
    description:
      'queue pages and ticket views, while agents search without a pause on a quarter of the connections (not measured)',
    hasFloor: false,
    background: {
      share: 0.25,
      requests: (data) => [searchRequest(rotation(data.agentTokens), rotation(SEARCH_QUERIES))],
    },
    requests: (data) => {
      const agent = rotation(data.agentTokens);
      return [listRequest(agent), viewRequest(agent, rotation(data.conversationIds))];
    },
  },
  {
    name: 'signIn',
    description: 'auth.signIn (argon2id) storm: every request another account and client address',
    hasFloor: false,
    requests: (data) => [
      post(
        'auth.signIn',
        () => ({ email: data.accounts[signIns % data.accounts.length], password: data.password }),
        () => ({ 'x-forwarded-for': documentationAddress(++signIns) }),
      ),
    ],
  },
];

/**
 * Sign-ins so far, across every run of the process: each goes to the next account and comes from
 * a new address, so the per-account throttle (10 in 15 minutes) is reached only after
 * `SIGN_INS_PER_ACCOUNT` rounds through the accounts, and the per-address one never.
 */
let signIns = 0;
export const SIGN_INS_PER_ACCOUNT = 8;

/** How many more sign-ins fit under the per-account throttle. */
export function signInsLeft(accounts: number): number {
  return Math.max(0, accounts * SIGN_INS_PER_ACCOUNT - signIns);
}
