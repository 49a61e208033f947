// Every activity heartbeats while it runs, so the activity options can carry a short
// heartbeatTimeout (workflows/activity-options.ts): when a worker dies (SIGKILL, OOM, a lost host)
// its in-flight activities stop heartbeating and Temporal retries them on another worker within
// seconds, instead of after their whole start-to-close timeout. The heartbeat is a timer, not a
// call sprinkled through the code, so an activity keeps beating whatever it waits on: a slow Bot
// API request, a pacing window or a 429's retry_after slept in-process, a poll for delivery.
import { Context } from '@temporalio/activity';

/** How often a running activity heartbeats (the SDK throttles sends to 0.8 × heartbeatTimeout). */
export const HEARTBEAT_EVERY_MS = 1_000;

/** Runs `fn` heartbeating every HEARTBEAT_EVERY_MS; outside an activity it just runs `fn`. */
export async function withHeartbeat<T>(fn: () => Promise<T>): Promise<T> {
  let context: Context;
  try {
    context = Context.current();
  } catch {
    return fn();
  }
  // A local activity runs inside its workflow task, which the worker keeps alive: nothing to beat.
  if (context.info.isLocal) return fn();
  context.heartbeat();
  const timer = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
  try {
    return await fn();
  } finally {
    clearInterval(timer);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any activity signature
type ActivityFunction = (...args: any[]) => Promise<unknown>;

/** The same activities, each heartbeating while it runs. */
export function heartbeating<T extends Record<string, ActivityFunction>>(activities: T): T {
  return Object.fromEntries(
    Object.entries(activities).map(([name, fn]) => [name, (...args: unknown[]) => withHeartbeat(() => fn(...args))]),
  ) as T;
}
