import type { FloorDatabase, FloorQueries, Row } from './floor-db.ts';

/**
 * The floor's hand-written SQL: what the list, search and view procedures read, written directly
 * against the tables, mapped straight to the JSON the real procedures answer (field for field,
 * in the same order). Agents' views only: the benchmark reads as agents.
 */
const date = (value: unknown): string =>
  (value instanceof Date ? value : new Date(Number(value))).toISOString();
const dateOrNull = (value: unknown): string | null => (value === null ? null : date(value));
const ref = (id: unknown, name: unknown) => (id === null ? null : { id, name });
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export const SUMMARY_COLUMNS = `t.id, t.reference, t.subject, t.status, t.priority, t.created_at, t.updated_at,
  t.due_at, t.version, r.id as requester_id, r.name as requester_name, a.id as assignee_id,
  a.name as assignee_name, tm.id as team_id, tm.name as team_name, c.id as category_id,
  c.name as category_name`;
export const SUMMARY_JOINS = `join users r on r.id = t.requester_id
  left join users a on a.id = t.assignee_id
  left join teams tm on tm.id = t.team_id
  left join categories c on c.id = t.category_id`;

export function summary(row: Row, tags: string[]) {
  return {
    id: row.id,
    reference: row.reference,
    subject: row.subject,
    status: row.status,
    priority: row.priority,
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
    version: Number(row.version),
    requester: { id: row.requester_id, name: row.requester_name },
    assignee: ref(row.assignee_id, row.assignee_name),
    category: ref(row.category_id, row.category_name),
    team: ref(row.team_id, row.team_name),
    tags,
    dueAt: dateOrNull(row.due_at),
  };
}

export async function tagsOf(db: FloorQueries, ids: unknown[]): Promise<Map<unknown, string[]>> {
  const byTicket = new Map<unknown, string[]>();
  if (!ids.length) return byTicket;
  const rows = await db.all(
    `select tt.ticket_id, tg.name from ticket_tags tt join tags tg on tg.id = tt.tag_id
     where tt.ticket_id in (?) order by tg.name`,
    [ids],
  );
  for (const row of rows) {
    const list = byTicket.get(row.ticket_id);
    if (list) list.push(row.name as string);
    else byTicket.set(row.ticket_id, [row.name as string]);
  }
  return byTicket;
}

async function page(db: FloorDatabase, rows: Row[], limit: number) {
  const shown = rows.slice(0, limit);
  const tags = await tagsOf(
    db,
    shown.map((row) => row.id),
  );
  return shown.map((row) => summary(row, tags.get(row.id) ?? []));
}

export interface QueueQuery {
  /** The agent's own id for `assigneeId: 'me'`, null for unassigned, undefined for anyone. */
  assigneeId?: string | null;
  statuses?: string[];
  limit: number;
}

/**
 * An agent's queue, most recently updated first. Several statuses: one ordered, limited branch per
 * status on the (assignee, status, updated_at) index, merged, as Helpdesk reads it.
 */
export async function listQueue(db: FloorDatabase, query: QueueQuery) {
  // Page sizes are written into the SQL: a bound LIMIT makes SQLite several times slower.
  const pageSize = Math.trunc(query.limit) + 1;
  const branch = (status: string | undefined) => {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.assigneeId === null) where.push('t.assignee_id is null');
    else if (query.assigneeId !== undefined) {
      where.push('t.assignee_id = ?');
      params.push(query.assigneeId);
    }
    if (status !== undefined) {
      where.push('t.status = ?');
      params.push(status);
    }
    const sql = `select ${SUMMARY_COLUMNS} from tickets t ${SUMMARY_JOINS}
      ${where.length ? `where ${where.join(' and ')}` : ''}
      order by t.updated_at desc, t.id desc limit ${pageSize}`;
    return { sql, params };
  };
  const statuses = query.statuses?.length ? query.statuses : [undefined];
  const branches = statuses.map(branch);
  const rows =
    branches.length === 1
      ? await db.all(
          (branches[0] as ReturnType<typeof branch>).sql,
          (branches[0] as ReturnType<typeof branch>).params,
        )
      : await db.all(
          `select * from (${branches.map((b, i) => `select * from (${b.sql}) s${i}`).join(' union all ')}) m
           order by m.updated_at desc, m.id desc limit ${pageSize}`,
          branches.flatMap((b) => b.params),
        );
  const items = await page(db, rows, query.limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > query.limit && last
      ? base64url({ k: 'activity', v: [Date.parse(last.updatedAt), last.id] })
      : null;
  return { items, nextCursor };
}

const STOPWORDS = new Set(
  'a about an are as at be by com de en for from how i in is it la of on or that the this to was what when where who will with und www'.split(
    ' ',
  ),
);

/** Plain words only (no operator of either full-text syntax), 3+ letters, no stopwords, 8 at most. */
function searchTerms(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((word) => word.length >= 3 && !STOPWORDS.has(word)))].slice(0, 8);
}

/** Full-text search over subjects, replies and notes, by relevance, then latest activity. */
export async function search(db: FloorDatabase, text: string, limit: number) {
  const terms = searchTerms(text);
  if (!terms.length) return { items: [], nextCursor: null };
  const pageSize = Math.trunc(limit) + 1;
  let rows: Row[];
  if (db.dialect === 'mysql') {
    const match = terms.map((term) => `+${term}*`).join(' ');
    const score = 'match(s.public_text, s.internal_text) against (? in boolean mode)';
    rows = await db.all(
      `select ${SUMMARY_COLUMNS} from tickets t join ticket_search s on s.ticket_id = t.id ${SUMMARY_JOINS}
       where ${score} > 0 order by ${score} desc, t.updated_at desc, t.id desc limit ${pageSize} offset 0`,
      [match, match],
    );
  } else {
    const match = terms.map((term) => `"${term}"*`).join(' AND ');
    rows = await db.all(
      `select ${SUMMARY_COLUMNS} from tickets t join ticket_search s on s.ticket_id = t.id
       ${SUMMARY_JOINS} join ticket_search_fts fts on fts.rowid = s.id
       where fts.ticket_search_fts match ? order by -fts.rank desc, t.updated_at desc, t.id desc
       limit ${pageSize} offset 0`,
      [match],
    );
  }
  const items = await page(db, rows, limit);
  return { items, nextCursor: rows.length > limit ? base64url({ k: 'search', o: limit }) : null };
}

const ticketRef = (row: Row, prefix: string) =>
  row[`${prefix}_id`] === null
    ? null
    : {
        id: row[`${prefix}_id`],
        reference: row[`${prefix}_reference`],
        subject: row[`${prefix}_subject`],
        status: row[`${prefix}_status`],
      };

/** A ticket with its whole conversation, as an agent sees it; null when there is no such ticket. */
export async function ticketDetail(db: FloorDatabase, id: string) {
  const [row] = await db.all(
    `select ${SUMMARY_COLUMNS}, t.channel, t.first_response_at, t.solved_at, t.closed_at,
       t.custom_fields, mi.id as merged_id, mi.reference as merged_reference,
       mi.subject as merged_subject, mi.status as merged_status, fu.id as follow_id,
       fu.reference as follow_reference, fu.subject as follow_subject, fu.status as follow_status
     from tickets t ${SUMMARY_JOINS}
     left join tickets mi on mi.id = t.merged_into_id
     left join tickets fu on fu.id = t.follow_up_of_id
     where t.id = ?`,
    [id],
  );
  if (!row) return null;
  const tags = await tagsOf(db, [id]);
  const messages = await db.all(
    `select m.id, m.body, m.internal, m.created_at, u.id as author_id, u.name as author_name,
       u.role as author_role
     from messages m join users u on u.id = m.author_id
     where m.ticket_id = ? order by m.created_at, m.id`,
    [id],
  );
  const attachments = messages.length
    ? await db.all(
        `select id, message_id, filename, size, content_type from attachments
         where message_id in (?) order by created_at, id`,
        [messages.map((message) => message.id)],
      )
    : [];
  const links = await db.all(
    `select t.id, t.reference, t.subject, t.status from ticket_links l join tickets t on t.id = l.related_id
     where l.ticket_id = ?
     union all
     select t.id, t.reference, t.subject, t.status from ticket_links l join tickets t on t.id = l.ticket_id
     where l.related_id = ?`,
    [id, id],
  );
  const customFields =
    typeof row.custom_fields === 'string' ? JSON.parse(row.custom_fields) : row.custom_fields;
  return {
    ...summary(row, tags.get(id) ?? []),
    channel: row.channel,
    firstResponseAt: dateOrNull(row.first_response_at),
    solvedAt: dateOrNull(row.solved_at),
    closedAt: dateOrNull(row.closed_at),
    mergedInto: ticketRef(row, 'merged'),
    followUpOf: ticketRef(row, 'follow'),
    messages: messages.map((message) => ({
      id: message.id,
      body: message.body,
      internal: Boolean(message.internal),
      createdAt: date(message.created_at),
      author: { id: message.author_id, name: message.author_name, staff: message.author_role !== 'customer' },
      attachments: attachments
        .filter((attachment) => attachment.message_id === message.id)
        .map((attachment) => ({
          id: attachment.id,
          filename: attachment.filename,
          size: Number(attachment.size),
          contentType: attachment.content_type,
        })),
    })),
    customFields: customFields ?? {},
    links: links.map((link) => ({
      id: link.id,
      reference: link.reference,
      subject: link.subject,
      status: link.status,
    })),
  };
}
