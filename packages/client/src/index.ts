/**
 * The typed Helpdesk client every front-end and script uses: the only package (besides
 * `@helpdesk/validators`) a front-end imports.
 *
 * ```ts
 * const helpdesk = createHelpdeskClient({ url: 'https://help.example.com' });
 * await helpdesk.auth.signIn.mutate({ email, password });
 * const { items } = await helpdesk.tickets.list.query({ status: 'open' });
 * ```
 */
import type { AppRouter } from '@helpdesk/api';
import { MAX_BATCH_SIZE } from '@helpdesk/validators';
import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  TRPCClientError,
} from '@trpc/client';

export type {
  AppRouter,
  Me,
  MessageView,
  RouterInputs,
  RouterOutputs,
  TicketDetail,
  TicketSummary,
} from '@helpdesk/api';
export { cookieJarFetch } from './cookie-jar.ts';
export { TRPCClientError };

export interface HelpdeskClientOptions {
  /** Where the server is, e.g. `http://localhost:3000` (or `''` for the same origin); `/trpc` is added. */
  url: string;
  /** Extra headers for every request, or a function that answers them. */
  headers?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);
  /** A fetch implementation (defaults to the global one). */
  fetch?: typeof fetch;
  /**
   * A token for scripts and servers, sent as `Authorization: Bearer`. Browsers leave it out and
   * use the HttpOnly session cookie the sign-in sets.
   */
  token?: string;
  /**
   * The EventSource for subscriptions (`live.events`); browsers have one (it sends the session
   * cookie). Elsewhere pass an implementation, e.g. the `eventsource` package.
   */
  EventSource?: typeof globalThis.EventSource;
}

export type HelpdeskClient = ReturnType<typeof createHelpdeskClient>;

export function createHelpdeskClient(options: HelpdeskClientOptions) {
  const base = options.url.replace(/\/+$/, '');
  const url = base.endsWith('/trpc') ? base : `${base}/trpc`;
  const baseFetch = options.fetch ?? globalThis.fetch;
  const batch =
    // httpBatchLink, not the streaming one: a streamed response cannot set the session cookie.
    httpBatchLink<AppRouter>({
      url,
      maxItems: MAX_BATCH_SIZE,
      maxURLLength: 4_000,
      async headers() {
        const extra =
          typeof options.headers === 'function' ? await options.headers() : (options.headers ?? {});
        return options.token ? { ...extra, authorization: `Bearer ${options.token}` } : extra;
      },
      // Browsers send the session cookie cross-origin only when asked to.
      fetch: (input, init) => baseFetch(input, { ...(init as RequestInit), credentials: 'include' }),
    });
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (operation) => operation.type === 'subscription',
        // Server-sent events: one long GET per subscription, reconnecting by itself.
        true: httpSubscriptionLink({
          url,
          ...(options.EventSource ? { EventSource: options.EventSource } : {}),
          eventSourceOptions: { withCredentials: true },
        }),
        false: batch,
      }),
    ],
  });
}

/** The tRPC error code of a failed call (`NOT_FOUND`, `CONFLICT`, ...), or undefined. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof TRPCClientError ? (error.data as { code?: string } | undefined)?.code : undefined;
}

/** Field errors of a BAD_REQUEST, keyed by field path, to show next to form fields. */
export function fieldErrors(error: unknown): Record<string, string[]> {
  if (!(error instanceof TRPCClientError)) return {};
  const data = error.data as { zodError?: { fieldErrors?: Record<string, string[]> } | null } | undefined;
  return data?.zodError?.fieldErrors ?? {};
}
