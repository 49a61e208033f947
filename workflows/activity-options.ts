// Retry policies shared by the workflows' activity proxies.
import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';

/**
 * How long a worker may go silent before Temporal gives its activity to another worker. Every
 * activity heartbeats each second while it runs (activities/heartbeat.ts), whatever it waits on, so
 * only a dead or wedged worker misses this: its Telegram deliveries resume within seconds instead of
 * after the start-to-close timeout.
 */
export const HEARTBEAT_TIMEOUT = '5 seconds';

/** Database transactions: quick, retried briefly; a DomainError is non-retryable anyway. */
export const PERSISTENCE_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '10 seconds', maximumAttempts: 10 },
};

/**
 * The same transactions as local activities: run by the worker inside the workflow task that
 * carries the update, so a press costs one workflow task instead of three (schedule, run, resume),
 * and one history event instead of three. A retry beyond the first minute waits on a durable timer.
 */
export const LOCAL_PERSISTENCE_OPTIONS: LocalActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: PERSISTENCE_OPTIONS.retry,
};

/** Notifications: best effort but durable, retried for a while, never blocking a transition. */
export const NOTIFICATION_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: HEARTBEAT_TIMEOUT,
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 20 },
};

/**
 * Deliveries that must never be given up: a 429 is retried after exactly its retry_after, an
 * outage with backoff up to a minute, for as long as it takes (unlimited attempts). Used by the
 * support bridge's lanes and by each chat's ticket notification lane (./notification-chat).
 */
export const DELIVERY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: HEARTBEAT_TIMEOUT,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};
