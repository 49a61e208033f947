import type { Update } from 'grammy/types';
import { errors } from './errors';
import type { EmulatorState } from './state';
import type { WebhookDelivery } from './types';

/** Update kinds Telegram leaves out unless asked for in allowed_updates. */
const OPT_IN_UPDATES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

export function updateType(update: Update): string {
  return Object.keys(update).find((k) => k !== 'update_id') ?? 'unknown';
}

/** The chat an update belongs to: Telegram delivers one chat's updates one at a time. */
export function updateChatKey(update: Update): string {
  const u = update as unknown as Record<
    string,
    { chat?: { id: number }; message?: { chat?: { id: number } }; from?: { id: number } }
  >;
  const payload = u[updateType(update)];
  const id = payload?.chat?.id ?? payload?.message?.chat?.id ?? payload?.from?.id;
  return id === undefined ? 'global' : String(id);
}

export interface UpdateDispatcherOptions {
  /** How long a webhook may take to answer (Telegram: 60 s). */
  webhookTimeoutMs?: number;
}

interface Poll {
  resolve: (updates: Update[]) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout | undefined;
  offset: number | undefined;
  limit: number;
}

/**
 * Delivers updates like Telegram: POST to the webhook (with the secret header), in order per chat
 * and in parallel across chats, or keep them for getUpdates when no webhook is set.
 */
export class UpdateDispatcher {
  private readonly chains = new Map<string, Promise<unknown>>();
  private pending: Update[] = [];
  private poll: Poll | undefined;
  private allowed: Set<string> | undefined;
  private readonly inflight = new Set<AbortController>();
  private closed = false;

  constructor(
    private readonly state: EmulatorState,
    private readonly options: UpdateDispatcherOptions = {},
  ) {}

  /** allowed_updates from setWebhook/getUpdates; undefined or [] restores the default set. */
  setAllowedUpdates(list: string[] | undefined): void {
    this.allowed = list && list.length > 0 ? new Set(list) : undefined;
  }

  isAllowed(update: Update): boolean {
    const type = updateType(update);
    return this.allowed ? this.allowed.has(type) : !OPT_IN_UPDATES.has(type);
  }

  pendingCount(): number {
    return this.pending.length;
  }

  dropPending(): void {
    this.pending = [];
  }

  /**
   * Hands one update to the bot. Resolves with the webhook's answer, or undefined when it was queued
   * for getUpdates or filtered out by allowed_updates.
   */
  async dispatch(update: Update): Promise<WebhookDelivery | undefined> {
    if (!this.isAllowed(update)) return undefined;
    if (!this.state.webhook) {
      this.pending.push(update);
      this.wakePoll();
      return undefined;
    }
    return this.inChatOrder(updateChatKey(update), () => this.post(update));
  }

  /** Sends updates that waited for getUpdates to the (new) webhook, in order. */
  async flushPendingToWebhook(): Promise<WebhookDelivery[]> {
    const queued = this.pending;
    this.pending = [];
    const results = await Promise.all(queued.map((u) => this.dispatch(u)));
    return results.filter((r): r is WebhookDelivery => r !== undefined);
  }

  private inChatOrder<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => undefined);
    this.chains.set(key, tail);
    void tail.then(() => {
      if (this.chains.get(key) === tail) this.chains.delete(key);
    });
    return run;
  }

  private async post(update: Update): Promise<WebhookDelivery> {
    const hook = this.state.webhook;
    const started = Date.now();
    if (!hook) return { url: '', status: null, body: '', ok: false, error: 'webhook removed', durationMs: 0 };
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (hook.secret_token) headers['x-telegram-bot-api-secret-token'] = hook.secret_token;
    const controller = new AbortController();
    this.inflight.add(controller);
    const timer = setTimeout(() => controller.abort(), this.options.webhookTimeoutMs ?? 60_000);
    try {
      const res = await fetch(hook.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(update),
        signal: controller.signal,
      });
      const body = await res.text();
      const ok = res.status >= 200 && res.status < 300;
      if (!ok) this.noteError(`Wrong response from the webhook: ${res.status} ${res.statusText}`.trim());
      return { url: hook.url, status: res.status, body, ok, durationMs: Date.now() - started };
    } catch (err) {
      const reason = controller.signal.aborted
        ? this.closed
          ? 'Emulator closed'
          : 'Read timeout expired'
        : errorMessage(err);
      this.noteError(reason);
      return { url: hook.url, status: null, body: '', ok: false, error: reason, durationMs: Date.now() - started };
    } finally {
      clearTimeout(timer);
      this.inflight.delete(controller);
    }
  }

  private noteError(message: string): void {
    if (!this.state.webhook) return;
    this.state.webhook.last_error_date = this.state.nowSeconds();
    this.state.webhook.last_error_message = message;
  }

  /** getUpdates: confirm updates below `offset`, then answer at once or wait up to `timeoutSeconds`. */
  getUpdates(input: { offset?: number; limit?: number; timeoutSeconds?: number }): Promise<Update[]> {
    if (this.state.webhook) return Promise.reject(errors.webhookActive());
    const limit = Math.min(100, Math.max(1, input.limit ?? 100));
    const offset = input.offset;
    if (offset !== undefined && offset > 0) this.pending = this.pending.filter((u) => u.update_id >= offset);
    const ready = this.take(offset, limit);
    const timeout = Math.min(50, Math.max(0, input.timeoutSeconds ?? 0));
    if (ready.length > 0 || timeout === 0 || this.closed) return Promise.resolve(ready);
    if (this.poll) {
      const previous = this.poll;
      this.poll = undefined;
      if (previous.timer) clearTimeout(previous.timer);
      previous.reject(errors.terminatedByOtherGetUpdates());
    }
    return new Promise<Update[]>((resolve, reject) => {
      const poll: Poll = { resolve, reject, timer: undefined, offset, limit };
      poll.timer = setTimeout(() => {
        if (this.poll === poll) this.poll = undefined;
        resolve([]);
      }, timeout * 1000);
      this.poll = poll;
    });
  }

  private take(offset: number | undefined, limit: number): Update[] {
    return this.pending.filter((u) => offset === undefined || offset <= 0 || u.update_id >= offset).slice(0, limit);
  }

  private wakePoll(): void {
    const poll = this.poll;
    if (!poll) return;
    const ready = this.take(poll.offset, poll.limit);
    if (ready.length === 0) return;
    this.poll = undefined;
    if (poll.timer) clearTimeout(poll.timer);
    poll.resolve(ready);
  }

  /** Ends waiting long polls and aborts webhook requests in flight. */
  close(): void {
    this.closed = true;
    const poll = this.poll;
    this.poll = undefined;
    if (poll) {
      if (poll.timer) clearTimeout(poll.timer);
      poll.resolve([]);
    }
    for (const c of this.inflight) c.abort();
  }
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code === 'ECONNREFUSED') return 'Connection refused';
    return cause?.message ?? err.message;
  }
  return String(err);
}
