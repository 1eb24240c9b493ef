import { EventEmitter, on } from 'node:events';
import { Redis } from 'ioredis';

/**
 * "These tickets changed": all a live event says. It never carries content, so a listener learns
 * nothing it could not see by asking; dashboards refetch through procedures that check access.
 */
export interface LiveEvent {
  topic: 'tickets';
  /** The tickets a change named (empty when it did not say, e.g. a bulk change by filter). */
  ticketIds: string[];
}

export interface LiveEvents {
  publish(event: LiveEvent): void;
  /** The events published from now until `signal` aborts or the source closes. */
  stream(signal?: AbortSignal): AsyncGenerator<LiveEvent>;
  close(): Promise<void>;
}

/** Events within this process: enough for one instance (no REDIS_URL). */
export class LocalLiveEvents implements LiveEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private readonly closing = new AbortController();

  publish(event: LiveEvent): void {
    this.deliver(event);
  }

  protected deliver(event: LiveEvent): void {
    this.emitter.emit('event', event);
  }

  async *stream(signal?: AbortSignal): AsyncGenerator<LiveEvent> {
    const stop = signal ? AbortSignal.any([signal, this.closing.signal]) : this.closing.signal;
    try {
      for await (const [event] of on(this.emitter, 'event', { signal: stop })) yield event as LiveEvent;
    } catch (error) {
      if (!stop.aborted) throw error;
    }
  }

  /** Ends every open stream (a server shutting down must not wait for them). */
  async close(): Promise<void> {
    this.closing.abort();
  }
}

/** Events shared by every instance through Redis pub/sub: a change on one reaches agents on all. */
export class RedisLiveEvents extends LocalLiveEvents {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly channel: string;

  constructor(url: string, channel = 'helpdesk:live') {
    super();
    this.channel = channel;
    this.publisher = new Redis(url, { maxRetriesPerRequest: 1 });
    this.subscriber = new Redis(url);
    void this.subscriber.subscribe(channel);
    this.subscriber.on('message', (from, message) => {
      if (from !== channel) return;
      try {
        this.deliver(JSON.parse(message) as LiveEvent);
      } catch {
        // Not ours to act on: a malformed message is dropped, never a crash.
      }
    });
  }

  /** Resolves once this instance listens, so nothing published afterwards is missed. */
  async ready(): Promise<void> {
    if (this.subscriber.status !== 'ready')
      await new Promise((resolve) => this.subscriber.once('ready', resolve));
  }

  override publish(event: LiveEvent): void {
    // Live updates are a convenience: a Redis hiccup must not fail the change that caused them.
    this.publisher.publish(this.channel, JSON.stringify(event)).catch(() => {});
  }

  override async close(): Promise<void> {
    await super.close();
    await Promise.allSettled([this.publisher.quit(), this.subscriber.quit()]);
  }
}

const ID_FIELDS = ['id', 'ticketId', 'relatedId', 'targetId', 'sourceId'];
const ID_LIST_FIELDS = ['ids', 'ticketIds', 'sourceIds'];
const looksLikeId = (value: unknown): value is string =>
  typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value);

/** The ticket ids a (validated) ticket mutation's input names; at most 100. */
export function ticketIdsOf(input: unknown): string[] {
  if (!input || typeof input !== 'object') return [];
  const record = input as Record<string, unknown>;
  const ids = new Set<string>();
  for (const field of ID_FIELDS) if (looksLikeId(record[field])) ids.add(record[field]);
  for (const field of ID_LIST_FIELDS) {
    const list = record[field];
    if (Array.isArray(list)) for (const id of list.slice(0, 100)) if (looksLikeId(id)) ids.add(id);
  }
  return [...ids].slice(0, 100);
}
