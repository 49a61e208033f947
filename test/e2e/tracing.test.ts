// OpenTelemetry tracing end to end: once on, a technician's press posted to the webhook is one
// trace — the webhook request, the Temporal update as the app calls it, the workflow's update
// handler and its (local) activity in the worker, and the Bot API calls. Spans go to an in-memory
// exporter; the workflow's leave the sandbox through the sink, so they are awaited, not assumed.
// `PRINT_TRACE=1 npx jest test/e2e/tracing.test.ts` prints the trace (the README's is such a run).
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { enableTracing, tracing } from '../../src/observability/tracing';
import { startBotHarness, ticketAssignedToTechnician, type BotHarness } from '../support/bot';
import { renderTrace } from '../support/trace-render';

jest.setTimeout(180_000);

const exporter = new InMemorySpanExporter();
let h: BotHarness;

beforeAll(async () => {
  enableTracing('test', { exporter });
  h = await startBotHarness({ notifications: 'record', traced: true });
});
afterAll(async () => {
  await h?.stopAll();
  await tracing()?.shutdown();
});

/** The spans of `traceId` once one matches every pattern (the workflow's arrive through a sink). */
async function traceWith(traceId: string, patterns: RegExp[]): Promise<ReadableSpan[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    if (patterns.every((p) => spans.some((s) => p.test(s.name))) || Date.now() > deadline) return spans;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('one press through the webhook is one trace: webhook, update, workflow handler, activity, Bot API', async () => {
  const { tg, ticket } = await ticketAssignedToTechnician(h);
  const card = h.telegram.state.addMessage(tg.id, { sender: { kind: 'bot' }, content: { text: 'card' } });
  exporter.reset();

  const { callbackQueryId } = await h.telegram.emulator.userPressesButton(tg, card, `tt:${ticket.id}:start`, {
    force: true,
  });
  expect((await h.telegram.emulator.waitForCallbackAnswer(callbackQueryId)).show_alert).toBe(false);

  const roots = exporter.getFinishedSpans().filter((s) => s.name === 'POST /webhook');
  expect(roots).toHaveLength(1);
  const [root] = roots;
  expect(root.parentSpanId).toBeUndefined();
  expect(root.attributes['telegram.update_id']).toEqual(expect.any(Number));

  const expected = [
    /^StartWorkflowUpdate:start$/, // the app's Temporal client (the ticket's workflow runs: a plain update)
    /^HandleUpdate:start$/, // the ticket workflow's update handler
    /^StartActivity:applyTicketAction$/, // … scheduling the transition's local activity
    /^RunActivity:applyTicketAction$/, // the activity as the worker runs it
    /^telegram\.answerCallbackQuery$/, // the Bot API
  ];
  const spans = await traceWith(root.spanContext().traceId, expected);
  const names = spans.map((s) => s.name);
  for (const pattern of expected) expect(names).toEqual(expect.arrayContaining([expect.stringMatching(pattern)]));
  // One tree: every span but the root has its parent in the trace.
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  expect(spans.filter((s) => s !== root && !ids.has(s.parentSpanId!))).toEqual([]);
  if (process.env.PRINT_TRACE) process.stdout.write(`\n${renderTrace(spans)}\n`);
});
