import { CannedResponse, type EntityManager, Ticket, User } from '@helpdesk/db';
import {
  type ApplyCannedResponseInput,
  type CreateCannedResponseInput,
  cannedResponseTagsSchema,
  messageBodySchema,
  type PreviewCannedResponseInput,
  ticketPrioritySchema,
  ticketStatusSchema,
  type UpdateCannedResponseInput,
} from '@helpdesk/validators';
import { z } from 'zod';
import type { Actor } from '../context.ts';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../errors.ts';
import { type CannedResponseView, toCannedResponseView } from '../mappers/canned-responses.ts';
import type { MessageView, TicketSummary } from '../mappers/tickets.ts';
import { visibleTicket } from './access.ts';
import { audit } from './audit.ts';
import { replyToTicket } from './tickets/reply.ts';
import { lockVisibleTicket, readSummaries } from './tickets/shared.ts';
import { applyChanges, type TicketChanges } from './tickets/update.ts';

const SHARED_ADMINS_ONLY = 'Only admins may create or change shared canned responses';
const AUDIT_TARGET = 'canned_response';

/** An agent sees their own responses and the shared ones; another agent's personal one does not exist for them. */
function visibleTo(actor: Actor) {
  return { $or: [{ owner: actor.id }, { shared: true }] };
}

async function findVisible(em: EntityManager, actor: Actor, id: string): Promise<CannedResponse> {
  const response = await em.findOne(CannedResponse, { id, ...visibleTo(actor) }, { populate: ['owner'] });
  if (!response) throw new NotFoundError('Canned response');
  return response;
}

function assertMayShare(actor: Actor) {
  if (actor.role !== 'admin') throw new ForbiddenError(SHARED_ADMINS_ONLY);
}

/** Mine and the shared ones, by title. */
export async function listCannedResponses(em: EntityManager, actor: Actor): Promise<CannedResponseView[]> {
  const responses = await em.find(CannedResponse, visibleTo(actor), {
    populate: ['owner'],
    orderBy: { title: 'asc', id: 'asc' },
  });
  return responses.map(toCannedResponseView);
}

/** Shared responses are the desk's configuration: only admins make them, and each change is audited. */
export async function createCannedResponse(
  em: EntityManager,
  actor: Actor,
  input: CreateCannedResponseInput,
  now = new Date(),
): Promise<CannedResponseView> {
  const shared = input.shared ?? false;
  if (shared) assertMayShare(actor);
  return em.transactional(async (tx) => {
    const response = tx.create(CannedResponse, {
      title: input.title,
      body: input.body,
      setStatus: input.setStatus ?? null,
      setPriority: input.setPriority ?? null,
      addTags: [...(input.addTags ?? [])],
      shared,
      owner: await tx.findOneOrFail(User, actor.id),
      createdAt: now,
      updatedAt: now,
    });
    if (shared)
      audit(
        tx,
        actor,
        'canned_response.created',
        { type: AUDIT_TARGET, id: response.id },
        { title: input.title },
        now,
      );
    await tx.flush();
    return toCannedResponseView(response);
  });
}

/** The owner changes a personal response; shared ones (before or after the change) are for admins. */
export async function updateCannedResponse(
  em: EntityManager,
  actor: Actor,
  input: UpdateCannedResponseInput,
  now = new Date(),
): Promise<CannedResponseView> {
  return em.transactional(async (tx) => {
    const response = await findVisible(tx, actor, input.id);
    const wasShared = response.shared;
    const shared = input.shared ?? wasShared;
    if (wasShared || shared) assertMayShare(actor);
    if (input.title !== undefined) response.title = input.title;
    if (input.body !== undefined) response.body = input.body;
    if (input.setStatus !== undefined) response.setStatus = input.setStatus;
    if (input.setPriority !== undefined) response.setPriority = input.setPriority;
    if (input.addTags !== undefined) response.addTags = [...input.addTags];
    response.shared = shared;
    response.updatedAt = now;
    if (wasShared || shared) {
      const { id: _id, ...changed } = input;
      audit(tx, actor, 'canned_response.updated', { type: AUDIT_TARGET, id: response.id }, changed, now);
    }
    await tx.flush();
    return toCannedResponseView(response);
  });
}

/** The owner, or an admin for a shared response. */
export async function deleteCannedResponse(
  em: EntityManager,
  actor: Actor,
  id: string,
  now = new Date(),
): Promise<{ id: string }> {
  return em.transactional(async (tx) => {
    const response = await findVisible(tx, actor, id);
    const mayDelete = response.owner.id === actor.id || (response.shared && actor.role === 'admin');
    if (!mayDelete) throw new ForbiddenError('Only its owner or an admin may delete this canned response');
    if (response.shared)
      audit(tx, actor, 'canned_response.deleted', { type: AUDIT_TARGET, id }, { title: response.title }, now);
    tx.remove(response);
    await tx.flush();
    return { id };
  });
}

const PLACEHOLDER = /\{\{\s*([a-z]+\.[a-z]+)\s*\}\}/g;

/**
 * Fills in the placeholders for a ticket (needs `requester` loaded) in one pass, so a value that
 * itself looks like a placeholder (a subject a customer typed) stays as typed; unknown
 * placeholders stay as written too. The result is plain text, like any message body.
 */
export function renderCannedBody(body: string, ticket: Ticket, agent: Actor): string {
  const values = new Map([
    ['requester.name', ticket.requester.name],
    ['requester.email', ticket.requester.email],
    ['ticket.reference', ticket.reference],
    ['ticket.subject', ticket.subject],
    ['agent.name', agent.name],
  ]);
  const rendered = body.replace(PLACEHOLDER, (placeholder, name: string) => values.get(name) ?? placeholder);
  // Placeholders grow when rendered; the result must still be a valid message.
  const message = messageBodySchema.safeParse(rendered);
  if (!message.success) throw new InvalidInputError('body', message.error.issues[0]?.message ?? 'Invalid');
  return message.data;
}

/** The rendered body for a ticket, without sending anything. */
export async function previewCannedResponse(
  em: EntityManager,
  actor: Actor,
  input: PreviewCannedResponseInput,
): Promise<{ body: string }> {
  const response = await findVisible(em, actor, input.id);
  const ticket = await em.findOne(Ticket, visibleTicket(actor, input.ticketId), { populate: ['requester'] });
  if (!ticket) throw new NotFoundError('Ticket');
  return { body: renderCannedBody(response.body, ticket, actor) };
}

/** Stored values are checked again: a rule may have tightened since the response was saved. */
const storedChanges = z.object({
  setStatus: ticketStatusSchema.nullable(),
  setPriority: ticketPrioritySchema.nullable(),
  addTags: cannedResponseTagsSchema,
});

function changesOf(response: CannedResponse): TicketChanges {
  const parsed = storedChanges.safeParse({
    setStatus: response.setStatus ?? null,
    setPriority: response.setPriority ?? null,
    addTags: response.addTags,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidInputError(
      String(issue?.path[0] ?? 'id'),
      `This canned response no longer validates (${issue?.message ?? 'invalid'}); edit it first`,
    );
  }
  const { setStatus, setPriority, addTags } = parsed.data;
  return {
    ...(setStatus ? { status: setStatus } : {}),
    ...(setPriority ? { priority: setPriority } : {}),
    ...(addTags.length ? { addTags } : {}),
  };
}

export interface ApplyCannedResponseResult {
  message: MessageView;
  /** The ticket after the reply and the response's changes. */
  ticket: TicketSummary;
}

/**
 * Posts the rendered response (a reply, or an internal note) and applies its status, priority and
 * tags, all or nothing: `replyToTicket` nests its transaction into this one (a savepoint), so a
 * change that fails afterwards takes the reply back with it. The reply goes first, so the
 * response's status wins over the one a first reply sets by itself (new -> open).
 */
export async function applyCannedResponse(
  em: EntityManager,
  actor: Actor,
  input: ApplyCannedResponseInput,
  now = new Date(),
): Promise<ApplyCannedResponseResult> {
  return em.transactional(async (tx) => {
    const response = await findVisible(tx, actor, input.id);
    const ticket = await lockVisibleTicket(tx, actor, input.ticketId);
    const body = renderCannedBody(response.body, ticket, actor);
    const reply = await replyToTicket(
      tx,
      actor,
      { ticketId: ticket.id, body, internal: input.internal ?? false },
      now,
    );
    // `ticket` is still locked; the reply wrote its row as a statement (reply.ts), so its columns
    // are read again before the response's changes apply to them.
    await tx.refresh(ticket);
    if (await applyChanges(tx, ticket, actor, changesOf(response), now)) await tx.flush();
    return {
      message: reply.message,
      ticket: (await readSummaries(tx, [ticket.id], actor))[0] as TicketSummary,
    };
  });
}
