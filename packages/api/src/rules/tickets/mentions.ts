import { type EntityManager, User } from '@helpdesk/db';

/** `@agnes` (the part of an agent's email before the @) or `@agnes@example.com`. */
const MENTION = /(?<![\w@.])@([a-z0-9._+-]+(?:@[a-z0-9-]+(?:\.[a-z0-9-]+)+)?)/gi;
const MAX_MENTIONS = 10;

export function mentionHandles(body: string): string[] {
  const handles = [...body.matchAll(MENTION)].map((match) =>
    (match[1] ?? '').toLowerCase().replace(/\.+$/, ''),
  );
  return [...new Set(handles)].filter(Boolean).slice(0, MAX_MENTIONS);
}

/**
 * The active agents a note mentions. Staff is a small table, so it is read once (only when the note
 * contains an @) and matched here rather than with a LIKE per handle.
 */
export async function mentionedAgents(
  em: EntityManager,
  body: string,
): Promise<Pick<User, 'id' | 'email'>[]> {
  const handles = mentionHandles(body);
  if (!handles.length) return [];
  const agents = await em.find(
    User,
    { role: { $in: ['agent', 'admin'] }, active: true },
    { fields: ['id', 'email', 'name'] },
  );
  return agents.filter((agent) => {
    const local = agent.email.split('@')[0];
    return handles.some((handle) => handle === agent.email || handle === local);
  });
}
