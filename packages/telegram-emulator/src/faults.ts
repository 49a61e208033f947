import { ApiError, errors } from './errors';
import type { FailurePredicate, InjectedFailure, PendingCall, RateLimitOptions } from './types';

/** The Bot API error a failure stands for, or 'drop' for a dead connection. */
export function failureToError(failure: InjectedFailure): ApiError | 'drop' {
  switch (failure.kind) {
    case 'too_many_requests':
      return errors.tooManyRequests(failure.retryAfter);
    case 'not_modified':
      return errors.notModified();
    case 'thread_not_found':
      return errors.threadNotFound();
    case 'topic_closed':
      return errors.topicClosed();
    case 'blocked':
      return errors.botBlocked();
    case 'server_error':
      return failure.status === 502 ? errors.badGateway() : errors.internalServerError();
    case 'offline':
      return 'drop';
    case 'api_error':
      return new ApiError(failure.errorCode, failure.description, failure.parameters);
  }
}

interface CountedRule {
  method: string;
  remaining: number;
  failure: InjectedFailure;
}

interface PredicateRule {
  predicate: FailurePredicate;
  failure?: InjectedFailure;
}

/** Programmable failures: `failNext`, `failWhile`, `setOffline`. */
export class FaultInjector {
  private counted: CountedRule[] = [];
  private predicates: PredicateRule[] = [];
  private offline = false;

  /** The next `n` calls of `method` (or of any method with '*') fail with `failure`. */
  failNext(method: string, n: number, failure: InjectedFailure): void {
    if (!Number.isInteger(n) || n < 1) throw new Error('failNext: n must be a positive integer');
    this.counted.push({ method: method.toLowerCase(), remaining: n, failure });
  }

  /**
   * Fails every call the predicate picks until the returned function is called. The predicate
   * returns the failure itself, or `true` to use `failure`.
   */
  failWhile(predicate: FailurePredicate, failure?: InjectedFailure): () => void {
    const rule: PredicateRule = failure ? { predicate, failure } : { predicate };
    this.predicates.push(rule);
    return () => {
      this.predicates = this.predicates.filter((r) => r !== rule);
    };
  }

  setOffline(offline: boolean): void {
    this.offline = offline;
  }

  isOffline(): boolean {
    return this.offline;
  }

  clear(): void {
    this.counted = [];
    this.predicates = [];
    this.offline = false;
  }

  /** The failure for this call, consuming one count of a `failNext` rule. */
  take(call: PendingCall): InjectedFailure | undefined {
    if (this.offline) return { kind: 'offline' };
    const method = call.method.toLowerCase();
    const rule = this.counted.find((r) => r.method === '*' || r.method === method);
    if (rule) {
      rule.remaining -= 1;
      if (rule.remaining <= 0) this.counted = this.counted.filter((r) => r !== rule);
      return rule.failure;
    }
    for (const r of this.predicates) {
      const verdict = r.predicate(call);
      if (verdict === true) {
        if (!r.failure) throw new Error('failWhile: the predicate returned true but no failure was given');
        return r.failure;
      }
      if (verdict && typeof verdict === 'object') return verdict;
    }
    return undefined;
  }
}

const DEFAULT_LIMITS: Required<RateLimitOptions> = {
  groupMessagesPerMinute: 20,
  privateMessagesPerSecond: 1,
  privateBurst: 1,
};

/**
 * Per-chat flood control modelled on the Bot FAQ: a sliding one-minute window for groups, a
 * sliding one-second window (with a burst allowance) for private chats.
 */
export class RateLimiter {
  private options: Required<RateLimitOptions> | undefined;
  private readonly sent = new Map<number, number[]>();

  configure(options: RateLimitOptions | boolean): void {
    if (options === false) {
      this.options = undefined;
      this.sent.clear();
      return;
    }
    this.options = { ...DEFAULT_LIMITS, ...(options === true ? {} : options) };
  }

  get enabled(): boolean {
    return this.options !== undefined;
  }

  /**
   * The retry_after (seconds) if `count` more messages to this chat would exceed the limit now,
   * undefined when they may go. Does not count them: call `commit` once they were sent.
   */
  check(chatId: number, chatType: string, count: number, now: number): number | undefined {
    const o = this.options;
    if (!o) return undefined;
    const { windowMs, limit } = this.windowFor(o, chatType);
    const list = this.recent(chatId, windowMs, now);
    if (list.length + count <= limit) return undefined;
    const freeAt = (list[Math.max(0, list.length + count - limit - 1)] ?? now) + windowMs;
    return Math.max(1, Math.ceil((freeAt - now) / 1000));
  }

  commit(chatId: number, chatType: string, count: number, now: number): void {
    const o = this.options;
    if (!o) return;
    const list = this.recent(chatId, this.windowFor(o, chatType).windowMs, now);
    for (let i = 0; i < count; i += 1) list.push(now);
  }

  private windowFor(o: Required<RateLimitOptions>, chatType: string): { windowMs: number; limit: number } {
    return chatType === 'private'
      ? { windowMs: 1000, limit: Math.max(o.privateMessagesPerSecond, o.privateBurst) }
      : { windowMs: 60_000, limit: o.groupMessagesPerMinute };
  }

  private recent(chatId: number, windowMs: number, now: number): number[] {
    const list = (this.sent.get(chatId) ?? []).filter((t) => now - t < windowMs);
    this.sent.set(chatId, list);
    return list;
  }
}
