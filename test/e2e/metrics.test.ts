// Prometheus metrics end to end: off by default; once on, a technician's press through the
// webhook shows up in /metrics as the Temporal call, the transaction's (local) activity and the
// Bot API calls it made.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadConfig } from '../../src/config';
import { botApiMetrics, enableMetrics, metrics, serveMetrics } from '../../src/observability/metrics';
import { startBotHarness, ticketAssignedToTechnician, type BotHarness } from '../support/bot';

jest.setTimeout(120_000);

let h: BotHarness;
let server: Server | undefined;

beforeAll(async () => {
  h = await startBotHarness({ notifications: 'record' });
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  await h?.stopAll();
});

it('is off by default: no registry, nothing recorded', () => {
  expect(loadConfig({}, 'test').metrics).toEqual({ enabled: false, workerPort: 9464, temporalSdkPort: 9465 });
  expect(metrics()).toBeNull();
});

it('once on, /metrics exposes the histograms of a press: Temporal call, activity, Bot API', async () => {
  enableMetrics('test');
  h.runtime.bot.api.config.use(botApiMetrics);
  server = await serveMetrics('127.0.0.1', 0);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;

  const { tg, ticket } = await ticketAssignedToTechnician(h);
  const card = h.telegram.state.addMessage(tg.id, { sender: { kind: 'bot' }, content: { text: 'card' } });
  const { callbackQueryId } = await h.telegram.emulator.userPressesButton(tg, card, `tt:${ticket.id}:start`, {
    force: true,
  });
  expect((await h.telegram.emulator.waitForCallbackAnswer(callbackQueryId)).show_alert).toBe(false);

  const res = await fetch(url);
  expect(res.status).toBe(200);
  const text = await res.text();
  const count = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
  expect(count(/^ticketflow_temporal_call_seconds_count\{[^}]*outcome="ok"[^}]*\} (\d+)/m)).toBeGreaterThan(0);
  expect(
    count(/^ticketflow_activity_seconds_count\{[^}]*activity="applyTicketAction",local="true"[^}]*\} (\d+)/m),
  ).toBeGreaterThan(0);
  expect(count(/^ticketflow_bot_api_seconds_count\{[^}]*method="editMessageText"[^}]*\} (\d+)/m)).toBeGreaterThan(0);
  expect(text).toContain('# TYPE ticketflow_bot_api_429_total counter');
  expect((await fetch(url.replace('/metrics', '/other'))).status).toBe(404);
});
