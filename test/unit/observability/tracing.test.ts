// Tracing is off by default: no provider is registered, the Temporal client and worker get no
// interceptors or sinks, and the helpers only call through. The standard endpoint switches it on,
// and then spans are POSTed to <endpoint>/v1/traces (OTLP/HTTP, JSON).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { loadConfig } from '../../../src/config';
import {
  botApiTracing,
  enableTracing,
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

  it('once on, exports spans to <endpoint>/v1/traces and gives Temporal its interceptors', async () => {
    const received: { url?: string; body: string }[] = [];
    const collector = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ url: req.url, body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = collector.address() as AddressInfo;
      const enabled = enableTracing('probe-service', { otlpEndpoint: `http://127.0.0.1:${port}` });
      expect(tracing()).toBe(enabled);
      expect(temporalClientInterceptors()?.workflow).toHaveLength(1);
      expect(Object.keys(temporalWorkerTracing()?.sinks ?? {})).toEqual(['exporter']);

      const spanId = await traced('probe work', {}, async () => trace.getActiveSpan()?.spanContext().spanId);
      expect(spanId).toMatch(/^[0-9a-f]{16}$/);
      await enabled.shutdown(); // flushes the batch
      expect(tracing()).toBeNull();
      expect(received.map((r) => r.url)).toEqual(['/v1/traces']);
      expect(received[0].body).toContain('probe work');
      expect(received[0].body).toContain('probe-service');
    } finally {
      await new Promise((resolve) => collector.close(resolve));
    }
  });
});
