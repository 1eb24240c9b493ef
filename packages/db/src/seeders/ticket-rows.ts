/**
 * The rows of one demo ticket: the ticket, its conversation, its timeline, its tags and its search
 * document, consistent with each other the way the API would have written them.
 */
import { priorityRank, type TicketPriority, type TicketStatus } from '@helpdesk/validators';
import type { Insertable } from 'kysely';
import type { Dialect } from '../config.ts';
import { toDbDate } from '../repositories/dialect.ts';
import type { HelpdeskDB } from '../repositories/kysely.ts';
import type { BulkIds } from './bulk-load.ts';
import { paragraph, pick, skewedPick, ticketTopic } from './text.ts';

export interface DemoUser {
  id: string;
  email: string;
  name: string;
}

export interface SeedTeam {
  id: string;
  name: string;
  roundRobin: boolean;
  members: DemoUser[];
  /** Round-robin: whose turn is next, and when each member was last given a ticket. */
  turn: number;
  lastAssignedAt: Map<string, number>;
}

export interface SeedCategory {
  id: string;
  name: string;
  team: SeedTeam;
  /** Tickets of this category carry an order number (a custom field of the category). */
  orderNumbers: boolean;
}

/** Everything a ticket is drawn from; `start`..`end` is the time the desk's activity spans. */
export interface DeskShape {
  dialect: Dialect;
  start: number;
  end: number;
  tickets: number;
  customers: DemoUser[];
  agents: DemoUser[];
  categories: SeedCategory[];
  tags: { id: string }[];
}

export const PLANS = ['Team', 'Business', 'Free', 'Enterprise'];
/** Days after which a solved ticket is closed by the system (the desk's default setting). */
const AUTO_CLOSE_DAYS = 7;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const STATUS_WEIGHTS: [TicketStatus, number][] = [
  ['new', 0.15],
  ['open', 0.25],
  ['pending', 0.15],
  ['on_hold', 0.05],
  ['solved', 0.2],
  ['closed', 0.2],
];
const PRIORITIES: TicketPriority[] = ['low', 'normal', 'normal', 'normal', 'high', 'urgent'];
/** How many tags a ticket carries: cumulative chances of 0, 1, 2 and 3. */
const TAG_COUNTS = [0.35, 0.7, 0.9, 1];

function weightedStatus(random: () => number): TicketStatus {
  let roll = random();
  for (const [status, weight] of STATUS_WEIGHTS) {
    roll -= weight;
    if (roll <= 0) return status;
  }
  return 'open';
}

/** The rows of a batch of tickets, inserted together in one transaction. */
export class TicketBatch {
  tickets: Insertable<HelpdeskDB['tickets']>[] = [];
  ticketTags: Insertable<HelpdeskDB['ticket_tags']>[] = [];
  messages: Insertable<HelpdeskDB['messages']>[] = [];
  events: Insertable<HelpdeskDB['ticket_events']>[] = [];
  documents: Insertable<HelpdeskDB['ticket_search']>[] = [];
}

type Step =
  | { kind: 'message'; author: DemoUser; fromAgent: boolean; internal: boolean; body: string }
  | { kind: 'status'; to: TicketStatus; actor: DemoUser }
  | { kind: 'auto_closed' };

/** Round-robin teams deal their tickets in turn; others to any member; no team to any agent. */
function pickAssignee(random: () => number, team: SeedTeam | null, agents: DemoUser[], at: number): DemoUser {
  if (!team?.members.length) return pick(random, agents);
  if (!team.roundRobin) return pick(random, team.members);
  const member = team.members[team.turn++ % team.members.length] as DemoUser;
  team.lastAssignedAt.set(member.id, at);
  return member;
}

/**
 * A ticket's life after its opening message: the replies and notes, then the status changes
 * that bring it to its status, each with the gap before it, squeezed if need be so that the
 * last one happens before the desk's end. Answers the status it ends in.
 */
function planLife(
  random: () => number,
  desk: DeskShape,
  drawn: TicketStatus,
  requester: DemoUser,
  assignee: DemoUser | null,
  createdAt: number,
  product: string,
): { steps: Step[]; gaps: number[]; status: TicketStatus } {
  // Most conversations are short; about one in ten runs to 15-25 messages (the benchmark reads those).
  const replies =
    drawn === 'new' ? 0 : random() < 0.12 ? 14 + Math.floor(random() * 11) : Math.floor(random() * 6);
  const steps: Step[] = [];
  const gaps: number[] = [];
  let answered = false;
  for (let m = 1; m <= replies; m++) {
    const fromAgent = m % 2 === 1;
    const internal = fromAgent && random() < 0.2;
    const author = fromAgent ? (assignee ?? pick(random, desk.agents)) : requester;
    if (fromAgent && !internal) answered = true;
    steps.push({ kind: 'message', author, fromAgent, internal, body: paragraph(random, product) });
    gaps.push(MINUTE + Math.floor(random() * 6 * HOUR));
  }
  const agent = assignee ?? pick(random, desk.agents);
  const target = drawn === 'closed' ? 'solved' : drawn;
  // An agent's first public reply opens the ticket by itself; any other status is set by hand.
  if (target !== 'new' && !(target === 'open' && answered)) {
    steps.push({ kind: 'status', to: target, actor: agent });
    gaps.push(MINUTE + Math.floor(random() * HOUR));
  }
  let status = drawn;
  if (target === 'solved') {
    // The desk's job closes tickets solved AUTO_CLOSE_DAYS ago (so older solved tickets are all
    // closed by now, as the job would have done); agents close some sooner themselves.
    const solvedAt = gaps.reduce((at, gap) => at + gap, createdAt);
    const byAgent = drawn === 'closed' && random() < 0.3;
    if (!byAgent && solvedAt + AUTO_CLOSE_DAYS * DAY <= desk.end) {
      steps.push({ kind: 'auto_closed' });
      gaps.push(AUTO_CLOSE_DAYS * DAY);
      status = 'closed';
    } else if (drawn === 'closed') {
      steps.push({ kind: 'status', to: 'closed', actor: agent });
      gaps.push(HOUR + Math.floor(random() * DAY));
    }
  }
  const total = gaps.reduce((sum, gap) => sum + gap, 0);
  const room = desk.end - createdAt;
  if (total > room)
    for (const [i, gap] of gaps.entries()) gaps[i] = Math.max(1, Math.floor((gap * room) / total));
  return { steps, gaps, status };
}

/**
 * Adds the `index`-th ticket of the desk (tickets are spread evenly in time, in index order, so
 * ids grow with the index) to `batch`. The same `random` sequence gives the same ticket.
 */
export function addTicket(
  batch: TicketBatch,
  desk: DeskShape,
  random: () => number,
  ids: BulkIds,
  index: number,
): void {
  const createdAt =
    desk.start + Math.floor(((index + random()) / desk.tickets) * (desk.end - desk.start) * 0.97);
  const drawn = weightedStatus(random);
  const requester = pick(random, desk.customers);
  const channelRoll = random();
  const channel = channelRoll < 0.75 ? 'portal' : channelRoll < 0.95 ? 'web_form' : 'api';
  const category = random() < 0.85 ? skewedPick(random, desk.categories, 1.5) : null;
  // Untouched (new) tickets are not triaged yet: no team, nobody assigned.
  const team = drawn === 'new' ? null : (category?.team ?? null);
  const assignee =
    drawn === 'new' || random() < 0.1 ? null : pickAssignee(random, team, desk.agents, createdAt);
  const priority = pick(random, PRIORITIES);
  const { subject, product } = ticketTopic(random);
  const { steps, gaps, status } = planLife(random, desk, drawn, requester, assignee, createdAt, product);

  const ticketId = ids.id(createdAt);
  const date = (ms: number) => toDbDate(desk.dialect, new Date(ms));
  const event = (
    at: number,
    actor: DemoUser | null,
    kind: 'created' | 'replied' | 'note_added' | 'field_changed' | 'auto_closed',
    internal = false,
    change?: { from: string; to: string },
  ) =>
    batch.events.push({
      id: ids.id(at),
      ticket_id: ticketId,
      actor_id: actor?.id ?? null,
      kind,
      field: change ? 'status' : null,
      from_value: change?.from ?? null,
      to_value: change?.to ?? null,
      internal,
      created_at: date(at),
    });

  const opening = paragraph(random, product);
  batch.messages.push({
    id: ids.id(createdAt),
    ticket_id: ticketId,
    author_id: requester.id,
    body: opening,
    internal: false,
    created_at: date(createdAt),
  });
  // The public form has no signed-in author: the system records it.
  event(createdAt, channel === 'web_form' ? null : requester, 'created');
  const publicText = [subject, opening];
  const internalText: string[] = [];
  let current: TicketStatus = 'new';
  let at = createdAt;
  let customerUpdatedAt = createdAt;
  let firstResponseAt: number | null = null;
  let solvedAt: number | null = null;
  let closedAt: number | null = null;
  for (const [i, step] of steps.entries()) {
    at += gaps[i] as number;
    if (step.kind !== 'message') {
      if (step.kind === 'status')
        event(at, step.actor, 'field_changed', false, { from: current, to: step.to });
      else event(at, null, 'auto_closed');
      current = step.kind === 'status' ? step.to : 'closed';
      customerUpdatedAt = at;
      if (current === 'solved') solvedAt = at;
      if (current === 'closed') closedAt = at;
      continue;
    }
    batch.messages.push({
      id: ids.id(at),
      ticket_id: ticketId,
      author_id: step.author.id,
      body: step.body,
      internal: step.internal,
      created_at: date(at),
    });
    event(at, step.author, step.internal ? 'note_added' : 'replied', step.internal);
    (step.internal ? internalText : publicText).push(step.body);
    if (step.internal) continue;
    customerUpdatedAt = at;
    // As the API does: an agent's first public reply stamps the first response and opens the ticket.
    if (step.fromAgent) {
      firstResponseAt ??= at;
      if (current === 'new') {
        event(at, step.author, 'field_changed', false, { from: 'new', to: 'open' });
        current = 'open';
      }
    }
  }

  const unresolved = status !== 'solved' && status !== 'closed';
  const dueAt = unresolved && random() < 0.3 ? createdAt + 4 * HOUR + Math.floor(random() * 10 * DAY) : null;
  const customFields: Record<string, string> = {};
  if (random() < 0.6) customFields.plan = skewedPick(random, PLANS);
  if (category?.orderNumbers && random() < 0.7)
    customFields.order_number = `ORD-${100_000 + Math.floor(random() * 900_000)}`;
  const tagRoll = random();
  const tagCount = TAG_COUNTS.findIndex((chance) => tagRoll < chance);
  const tagIds = new Set<string>();
  while (tagIds.size < tagCount) tagIds.add(skewedPick(random, desk.tags, 2.5).id);

  batch.tickets.push({
    id: ticketId,
    reference: ids.reference(),
    subject,
    status,
    priority,
    priority_rank: priorityRank[priority],
    channel,
    requester_id: requester.id,
    assignee_id: assignee?.id ?? null,
    team_id: team?.id ?? null,
    category_id: category?.id ?? null,
    custom_fields: JSON.stringify(customFields) as unknown as Record<string, unknown>,
    due_at: dueAt === null ? null : date(dueAt),
    created_at: date(createdAt),
    updated_at: date(at),
    customer_updated_at: date(customerUpdatedAt),
    first_response_at: firstResponseAt === null ? null : date(firstResponseAt),
    solved_at: solvedAt === null ? null : date(solvedAt),
    closed_at: closedAt === null ? null : date(closedAt),
    version: 1,
  });
  for (const tagId of tagIds) batch.ticketTags.push({ ticket_id: ticketId, tag_id: tagId });
  batch.documents.push({
    ticket_id: ticketId,
    public_text: publicText.join('\n'),
    internal_text: internalText.join('\n'),
  });
}
