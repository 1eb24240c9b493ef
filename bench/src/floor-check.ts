import { isDeepStrictEqual } from 'node:util';
import type { ServerProcess } from './processes.ts';
import { mutationBody, mutationPath, queryPath } from './wire.ts';

export interface FloorCheck {
  /** The floor answered exactly the JSON Helpdesk answered, per request kind checked. */
  check: Record<string, boolean>;
  /** The size of each answer compared (an empty list would prove little). */
  bytes: Record<string, number>;
  details: string[];
}

const cookie = (token: string) => ({ cookie: `helpdesk_session=${token}` });

/** The same procedure's answer from both servers, as the same agent. */
export async function compareWithFloor(
  helpdesk: ServerProcess,
  floor: ServerProcess,
  token: string,
  paths: Record<string, string>,
): Promise<FloorCheck> {
  const check: Record<string, boolean> = {};
  const bytes: Record<string, number> = {};
  const details: string[] = [];
  for (const [name, path] of Object.entries(paths)) {
    const get = async (server: ServerProcess) => {
      const response = await fetch(`${server.url}${path}`, { headers: cookie(token) });
      return { status: response.status, body: await response.json() };
    };
    const [real, hand] = [await get(helpdesk), await get(floor)];
    bytes[name] = JSON.stringify(real.body).length;
    check[name] = real.status === 200 && isDeepStrictEqual(real, hand);
    if (!check[name])
      details.push(
        `${name}: Helpdesk ${JSON.stringify(real).slice(0, 400)}\n   floor ${JSON.stringify(hand).slice(0, 400)}`,
      );
  }
  return { check, bytes, details };
}

interface Answer {
  status: number;
  body: [{ result?: { data: unknown[] } }];
}

/**
 * The status change, on one work ticket: Helpdesk moves it, the floor moves it back, then each
 * asks for the status it now has (no change: the ticket as it is). Helpdesk's answer then shows
 * that the floor wrote what Helpdesk writes (status, version, activity time), the floor's that it
 * answers the same JSON, changed or not, and Helpdesk's timeline that the floor's event reads
 * like Helpdesk's own.
 */
export async function compareStatusChange(
  helpdesk: ServerProcess,
  floor: ServerProcess,
  token: string,
  ticketId: string,
  requested: Map<string, 'open' | 'pending'>,
): Promise<FloorCheck> {
  const change = async (server: ServerProcess, status: 'open' | 'pending'): Promise<Answer> => {
    const response = await fetch(`${server.url}${mutationPath('tickets.bulkUpdate')}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...cookie(token) },
      body: mutationBody({ ids: [ticketId], status }),
    });
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  };
  const first = requested.get(ticketId) === 'pending' ? 'open' : 'pending';
  const back = first === 'pending' ? 'open' : 'pending';
  const moved = await change(helpdesk, first);
  const movedBack = await change(floor, back);
  const [seen, seenByFloor] = [await change(helpdesk, back), await change(floor, back)];
  requested.set(ticketId, back);
  const response = await fetch(`${helpdesk.url}${queryPath('tickets.timeline', { id: ticketId })}`, {
    headers: cookie(token),
  });
  const timeline = ((await response.json()) as [{ result: { data: Record<string, unknown>[] } }])[0].result
    .data;
  const [byHelpdesk, byFloor] = timeline.slice(-2);
  const strip = (entry: Record<string, unknown> | undefined) => ({ ...entry, id: 0, at: 0, from: 0, to: 0 });
  const version = (answer: Answer) =>
    (answer.body[0].result?.data[0] as { version?: number } | undefined)?.version;
  const same =
    moved.status === 200 &&
    isDeepStrictEqual(seen, movedBack) &&
    isDeepStrictEqual(seenByFloor, movedBack) &&
    version(movedBack) === (version(moved) ?? Number.NaN) + 1 &&
    byFloor?.from === first &&
    byFloor?.to === back &&
    isDeepStrictEqual(strip(byFloor), strip(byHelpdesk));
  return {
    check: { status: same },
    bytes: { status: JSON.stringify(movedBack.body).length },
    details: same
      ? []
      : [
          `status: Helpdesk ${JSON.stringify(moved).slice(0, 300)} then ${JSON.stringify(seen).slice(0, 300)}\n` +
            `   floor ${JSON.stringify(movedBack).slice(0, 300)} then ${JSON.stringify(seenByFloor).slice(0, 300)}\n` +
            `   timeline ${JSON.stringify(timeline.slice(-2)).slice(0, 400)}`,
        ],
  };
}

/**
 * A public reply to one work ticket, from each server in turn (the same words but one, unique to
 * the floor's). The floor must answer like Helpdesk (the message, the ticket a version on, ids and
 * times aside), write a timeline entry that reads like Helpdesk's, and append its text to the
 * search document (Helpdesk's search finds the floor's word).
 */
export async function compareReply(
  helpdesk: ServerProcess,
  floor: ServerProcess,
  token: string,
  ticketId: string,
): Promise<FloorCheck> {
  const word = `floorcheck${Date.now().toString(36)}`;
  const post = async (server: ServerProcess, body: string) => {
    const response = await fetch(`${server.url}${mutationPath('tickets.reply')}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...cookie(token) },
      body: mutationBody({ ticketId, body }),
    });
    const answer = (await response.json()) as [
      { result?: { data: Record<string, Record<string, unknown>> } },
    ];
    return { status: response.status, data: answer[0].result?.data };
  };
  const read = async (path: string) => {
    const response = await fetch(`${helpdesk.url}${path}`, { headers: cookie(token) });
    return ((await response.json()) as [{ result: { data: unknown } }])[0].result.data;
  };
  const byHelpdesk = await post(helpdesk, 'Checked on our side.');
  const byFloor = await post(floor, `Checked on our side. ${word}`);
  const timeline = (await read(queryPath('tickets.timeline', { id: ticketId }))) as Record<string, unknown>[];
  const found = (await read(queryPath('tickets.list', { search: word, limit: 25 }))) as {
    items: { id: string }[];
  };
  const message = (answer: typeof byFloor) => ({ ...answer.data?.message, id: 0, createdAt: 0, body: 0 });
  const ticket = (answer: typeof byFloor) => ({ ...answer.data?.ticket, version: 0, updatedAt: 0 });
  const strip = (entry: Record<string, unknown> | undefined) => ({ ...entry, id: 0, at: 0 });
  const [helpdeskEntry, floorEntry] = timeline.filter((entry) => entry.kind === 'replied').slice(-2);
  const same =
    byHelpdesk.status === 200 &&
    byFloor.status === 200 &&
    byFloor.data?.message?.body === `Checked on our side. ${word}` &&
    isDeepStrictEqual(message(byFloor), message(byHelpdesk)) &&
    isDeepStrictEqual(ticket(byFloor), ticket(byHelpdesk)) &&
    byFloor.data?.ticket?.version === Number(byHelpdesk.data?.ticket?.version) + 1 &&
    byFloor.data?.followUp === byHelpdesk.data?.followUp &&
    isDeepStrictEqual(strip(floorEntry), strip(helpdeskEntry)) &&
    found.items.some((item) => item.id === ticketId);
  return {
    check: { reply: same },
    bytes: { reply: JSON.stringify(byFloor.data ?? null).length },
    details: same
      ? []
      : [
          `reply: Helpdesk ${JSON.stringify(byHelpdesk).slice(0, 400)}\n   floor ${JSON.stringify(byFloor).slice(0, 400)}\n` +
            `   timeline ${JSON.stringify(timeline.slice(-2)).slice(0, 300)}; search found ${JSON.stringify(found.items).slice(0, 200)}`,
        ],
  };
}
