// OpenTelemetry tracing, off unless OTEL_ENABLED (or OTEL_EXPORTER_OTLP_ENDPOINT): one press is one
// trace — the webhook request, the bot's Temporal update (the client interceptor puts the trace
// context in the update's headers), the workflow's update handler and the activities it runs (the
// workflow interceptors of the traced bundle, whose spans leave the sandbox through a sink; the
// activity interceptors), and each Bot API call, in the app and in the worker's activities. The
// composition roots switch it on; while it is off every helper here only calls through.
import { SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { ClientInterceptors } from '@temporalio/client';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import type { Transformer } from 'grammy';

const TRACER = 'ticketflow';

/**
 * The workflow-side interceptors, for a workflow bundle's `workflowInterceptorModules`. Only the
 * traced bundle has them: they export through a sink only a traced worker registers.
 */
export const WORKFLOW_TRACING_MODULES = [
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
];

export interface Tracing {
  provider: NodeTracerProvider;
  /** Where the workflows' spans go (the same processor as the process's own). */
  processor: SpanProcessor;
  resource: Resource;
  /** Flushes what is still buffered and unregisters. */
  shutdown(): Promise<void>;
}

let current: Tracing | null = null;

/** The process's tracing once enabled (null while tracing is off). */
export function tracing(): Tracing | null {
  return current;
}

/**
 * Turns tracing on for this process (idempotent): a tracer provider registered as the global one
 * (AsyncLocalStorage context, W3C trace context), exporting to the OTLP endpoint in batches —
 * or, given `exporter` (tests, the README's trace), to it span by span.
 */
export function enableTracing(
  serviceName: string,
  options: { otlpEndpoint?: string; exporter?: SpanExporter },
): Tracing {
  if (current) return current;
  const resource = new Resource({ 'service.name': serviceName });
  const processor = options.exporter
    ? new SimpleSpanProcessor(options.exporter)
    : new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.otlpEndpoint}/v1/traces` }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register();
  const enabled: Tracing = {
    provider,
    processor,
    resource,
    async shutdown() {
      if (current !== enabled) return;
      current = null;
      await provider.shutdown();
      trace.disable();
    },
  };
  current = enabled;
  return enabled;
}

/** Runs `fn` in a span of its own (a child of the current one) while tracing is on. */
export async function traced<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes },
  fn: () => Promise<T>,
): Promise<T> {
  if (!current) return fn();
  return trace.getTracer(TRACER).startActiveSpan(name, options, async (span) => {
    try {
      return await fn();
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** grammY API transformer: a client span per Bot API call (`telegram.<method>`), its error code if any. */
export const botApiTracing: Transformer = (prev, method, payload, signal) =>
  traced(`telegram.${method}`, { kind: SpanKind.CLIENT, attributes: { 'telegram.method': method } }, async () => {
    const result = await prev(method, payload, signal);
    if (!result.ok) {
      const span = trace.getActiveSpan();
      span?.setAttribute('telegram.error_code', result.error_code);
      span?.setStatus({ code: SpanStatusCode.ERROR, message: result.description });
    }
    return result;
  });

/** The Temporal client's interceptors: the trace context travels with each start, update and signal. */
export function temporalClientInterceptors(): ClientInterceptors | undefined {
  return current ? { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } : undefined;
}

/** What a traced worker adds: activity interceptors, and the sink the workflows' spans leave by. */
export function temporalWorkerTracing(): {
  activity: ActivityInterceptorsFactory[];
  sinks: InjectedSinks<never>;
} | null {
  if (!current) return null;
  return {
    activity: [
      (ctx) => ({
        inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
        outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
      }),
    ],
    sinks: { exporter: makeWorkflowExporter(current.processor, current.resource) } as InjectedSinks<never>,
  };
}
