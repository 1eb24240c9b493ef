/**
 * tRPC 11's HTTP format without a transformer, as `@helpdesk/client` speaks it (its `httpBatchLink`
 * sends a batch even of one call): a query is `GET /trpc/<path>?batch=1&input=<{"0":input}>`, a
 * mutation `POST /trpc/<path>?batch=1` with the body `{"0":input}`; the answer is
 * `[{"result":{"data":...}}]`. The session travels in the `helpdesk_session` cookie.
 */
export const SESSION_COOKIE = 'helpdesk_session';

export function queryPath(procedure: string, input?: unknown): string {
  return `/trpc/${procedure}?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: input }))}`;
}

export function mutationPath(procedure: string): string {
  return `/trpc/${procedure}?batch=1`;
}

/** A mutation's body: the batch of one call. */
export function mutationBody(input: unknown): string {
  return JSON.stringify({ 0: input });
}

/** The data of the one call of a batch's answer. */
export function answerData<T>(text: string): T {
  return (JSON.parse(text) as [{ result: { data: T } }])[0].result.data;
}

export function cookieHeader(token: string): string {
  return `${SESSION_COOKIE}=${token}`;
}

/** A made-up client address for `X-Forwarded-For` (IPv6 documentation prefix: never routed). */
export function documentationAddress(n: number): string {
  return `2001:db8::${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
}

export class WireError extends Error {}

/** Signs in over HTTP and answers the session token from the `Set-Cookie` header. */
export async function signIn(
  baseUrl: string,
  email: string,
  password: string,
  forwardedFor: string,
): Promise<string> {
  const response = await fetch(`${baseUrl}${mutationPath('auth.signIn')}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: mutationBody({ email, password }),
  });
  const body = await response.text();
  if (!response.ok) throw new WireError(`signing in ${email}: HTTP ${response.status} ${body.slice(0, 300)}`);
  for (const cookie of response.headers.getSetCookie()) {
    const [pair] = cookie.split(';');
    const [name, value] = (pair ?? '').split('=');
    if (name === SESSION_COOKIE && value) return value;
  }
  throw new WireError(`signing in ${email}: no ${SESSION_COOKIE} cookie in the answer`);
}

/** One query as a signed-in user; answers its data. */
export async function query<T = unknown>(baseUrl: string, token: string, path: string): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, { headers: { cookie: cookieHeader(token) } });
  const text = await response.text();
  if (!response.ok)
    throw new WireError(`GET ${path.slice(0, 120)}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return answerData<T>(text);
}
