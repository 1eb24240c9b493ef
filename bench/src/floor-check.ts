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
