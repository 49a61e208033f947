// Tracing is off by default: no provider is registered, the Temporal client and worker get no
// interceptors or sinks, and the helpers only call through. The standard endpoint switches it on.
import { trace } from '@opentelemetry/api';
import { loadConfig } from '../../../src/config';
import {
  botApiTracing,
  temporalClientInterceptors,
  temporalWorkerTracing,
  traced,
  tracing,
} from '../../../src/observability/tracing';

describe('tracing', () => {
  it('is off by default, and turned on by OTEL_ENABLED or the OTLP endpoint', () => {
    expect(loadConfig({}, 'test').tracing).toEqual({ enabled: false, otlpEndpoint: 'http://localhost:4318' });
    expect(loadConfig({ OTEL_ENABLED: 'true' }, 'test').tracing.enabled).toBe(true);
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' }, 'test').tracing).toEqual({
      enabled: true,
      otlpEndpoint: 'http://jaeger:4318',
    });
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'jaeger:4318' }, 'test')).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
  });

  it('while off, registers nothing and only calls through', async () => {
    expect(tracing()).toBeNull();
    expect(temporalClientInterceptors()).toBeUndefined();
    expect(temporalWorkerTracing()).toBeNull();
    // The API's global provider is still the no-op one: nothing was registered.
    const tracer = trace.getTracerProvider().getTracer('probe');
    expect(tracer.startSpan('probe').spanContext().traceId).toBe('00000000000000000000000000000000');

    await expect(traced('work', {}, async () => trace.getActiveSpan())).resolves.toBeUndefined();
    const result = { ok: true as const, result: true };
    const prev = jest.fn().mockResolvedValue(result);
    await expect(botApiTracing(prev, 'getMe', undefined as never)).resolves.toBe(result);
    expect(prev).toHaveBeenCalledWith('getMe', undefined, undefined);
  });
});
