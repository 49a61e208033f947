// Prometheus metrics (prom-client), off unless METRICS_ENABLED: the latency a press is made of —
// the Temporal call (update / update-with-start) as the app sees it, each activity as the worker
// runs it, each Bot API call, and Telegram's 429s. The app serves them at its own `/metrics`; the
// worker at WORKER_METRICS_PORT; the Temporal SDK's own runtime metrics (workflow task latency,
// pollers, sticky cache) at TEMPORAL_SDK_METRICS_PORT, served by its core (src/temporal/runtime.ts).
import { createServer, type Server } from 'node:http';
import type { Context as ActivityContext } from '@temporalio/activity';
import type { ActivityInboundCallsInterceptor, ActivityExecuteInput, Next } from '@temporalio/worker';
import type { Transformer } from 'grammy';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Seconds: from a 2 ms local transaction to a 15 s deadline. */
const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15];

export interface Metrics {
  registry: Registry;
  temporalCall: Histogram<'outcome'>;
  activity: Histogram<'activity' | 'local' | 'outcome'>;
  botApi: Histogram<'method' | 'outcome'>;
  botApiRateLimited: Counter<'method'>;
}

let current: Metrics | null = null;

/** The process's metrics once enabled (null while metrics are off: nothing is recorded). */
export function metrics(): Metrics | null {
  return current;
}

/** Turns metrics on for this process (idempotent): a registry with the process's default metrics. */
export function enableMetrics(processName: string): Metrics {
  if (current) return current;
  const registry = new Registry();
  registry.setDefaultLabels({ process: processName });
  collectDefaultMetrics({ register: registry });
  current = {
    registry,
    temporalCall: new Histogram({
      name: 'ticketflow_temporal_call_seconds',
      help: 'A service call to Temporal (an update or update-with-start: one press) as the app waits for it',
      labelNames: ['outcome'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    activity: new Histogram({
      name: 'ticketflow_activity_seconds',
      help: 'One activity attempt as the worker runs it (local: inside its workflow task)',
      labelNames: ['activity', 'local', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    botApi: new Histogram({
      name: 'ticketflow_bot_api_seconds',
      help: 'One Telegram Bot API call',
      labelNames: ['method', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    botApiRateLimited: new Counter({
      name: 'ticketflow_bot_api_429_total',
      help: 'Bot API calls Telegram answered 429 Too Many Requests',
      labelNames: ['method'],
      registers: [registry],
    }),
  };
  return current;
}

/** Times `fn` into the histogram (when metrics are on) with `outcome` ok / error. */
export async function timed<T, L extends string>(
  histogram: Histogram<L | 'outcome'> | undefined,
  labels: Partial<Record<L, string>>,
  fn: () => Promise<T>,
): Promise<T> {
  if (!histogram) return fn();
  const end = histogram.startTimer(labels as Partial<Record<L | 'outcome', string>>);
  try {
    const result = await fn();
    end({ outcome: 'ok' } as Partial<Record<L | 'outcome', string>>);
    return result;
  } catch (err) {
    end({ outcome: 'error' } as Partial<Record<L | 'outcome', string>>);
    throw err;
  }
}

/** grammY API transformer: each Bot API call's latency, and the 429s. */
export const botApiMetrics: Transformer = async (prev, method, payload, signal) => {
  const m = metrics();
  if (!m) return prev(method, payload, signal);
  const end = m.botApi.startTimer({ method });
  try {
    const result = await prev(method, payload, signal);
    end({ outcome: result.ok ? 'ok' : String(result.error_code) });
    if (!result.ok && result.error_code === 429) m.botApiRateLimited.inc({ method });
    return result;
  } catch (err) {
    end({ outcome: 'error' });
    throw err;
  }
};

/** Worker activity interceptor: each attempt's latency (local and regular activities alike). */
export function activityMetricsInterceptor(ctx: ActivityContext): { inbound: ActivityInboundCallsInterceptor } {
  return {
    inbound: {
      execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>) {
        return timed(metrics()?.activity, { activity: ctx.info.activityType, local: String(ctx.info.isLocal) }, () =>
          next(input),
        );
      },
    },
  };
}

/** The registry's text, as Prometheus scrapes it. */
export async function scrape(): Promise<{ contentType: string; body: string }> {
  const m = metrics();
  if (!m) return { contentType: 'text/plain', body: '' };
  return { contentType: m.registry.contentType, body: await m.registry.metrics() };
}

/** A bare `/metrics` HTTP server (the worker has no HTTP server of its own). */
export async function serveMetrics(host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    scrape().then(
      ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
