import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

const ms = (time: [number, number]) => time[0] * 1000 + time[1] / 1e6;

/**
 * A trace as text: one line per span, children indented under their parent in start order, with
 * its start (ms from the root's) and duration. The README's press trace is printed by this.
 */
export function renderTrace(spans: ReadableSpan[]): string {
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  const roots = spans.filter((s) => !s.parentSpanId || !ids.has(s.parentSpanId));
  const origin = Math.min(...spans.map((s) => ms(s.startTime)));
  const lines: string[] = [];
  const walk = (span: ReadableSpan, depth: number) => {
    const at = (ms(span.startTime) - origin).toFixed(1).padStart(7);
    const took = ms(span.duration).toFixed(1).padStart(7);
    lines.push(`${at} ms ${took} ms  ${'  '.repeat(depth)}${span.name}`);
    spans
      .filter((s) => s.parentSpanId === span.spanContext().spanId)
      .sort((a, b) => ms(a.startTime) - ms(b.startTime))
      .forEach((child) => walk(child, depth + 1));
  };
  lines.push('  start     duration  span');
  roots.sort((a, b) => ms(a.startTime) - ms(b.startTime)).forEach((root) => walk(root, 0));
  return lines.join('\n');
}
