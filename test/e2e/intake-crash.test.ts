// An app crash loses no press and applies none twice. The production app (src/app.ts) runs as a
// child process against real Postgres, Redis and a Temporal dev server (the worker runs here, as
// its own process would); technicians press through a whole work session at once; the app is
// SIGKILLed mid-burst and started again, and "Telegram" keeps redelivering every update that was
// not acknowledged, per chat in order, as it does. Each transition then exists exactly once — made
// by the press it belongs to — and every press was answered.
import type { Message, Update, User } from 'grammy/types';
import { createI18n } from '../../src/i18n';
import { actionToast } from '../../src/ui/render/technician';
import { startFakeBotApi, TEST_BOT_TOKEN, type FakeBotApi } from '@ticketflow/telegram-emulator/testing';
import { createTicket, createUser, uniqueTelegramId } from '../support/factories';
import { startAppProcess, type AppProcess } from '../support/app-process';
import { testRedisPrefix, testRedisUrl } from '../support/redis';
import { freePort } from '../support/tcp-proxy';
import { startWorkshop, type Workshop } from '../support/workshop';

jest.setTimeout(240_000);

const SECRETS = {
  botToken: TEST_BOT_TOKEN,
  webhookSecret: 'crash-webhook-secret-6d1f0b2e9a',
  apiToken: 'crash-api-token-9a8b7c6d5e4f3a2b1c0d',
};
const i18n = createI18n('en');
const en = (key: string, args?: Record<string, string | number>) => i18n.t('en', key, args);
const TECHNICIANS = 6;
const ACTIONS = ['start', 'pause', 'resume', 'stop', 'to_waiting_qc'] as const;
/** The app dies once this many presses have been acknowledged. */
const KILL_AFTER_ACKS = 8;

interface Press {
  update: Update;
  callbackQueryId: string;
  action: (typeof ACTIONS)[number];
  attempts: { status: number | string }[];
}

interface Technician {
  tg: User;
  ticketId: number;
  card: Message;
  presses: Press[];
}

let telegram: FakeBotApi;
let workshop: Workshop;
let port: number;
let appEnv: Record<string, string>;
const apps: AppProcess[] = [];

beforeAll(async () => {
  telegram = await startFakeBotApi();
  workshop = await startWorkshop({ telegram: { token: TEST_BOT_TOKEN, apiRoot: telegram.url } });
  port = await freePort();
  appEnv = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATABASE_URL: workshop.db.url,
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: testRedisUrl,
    REDIS_PREFIX: testRedisPrefix(),
    TEMPORAL_ADDRESS: workshop.env.address,
    TEMPORAL_TASK_QUEUE: workshop.taskQueue,
    BOT_TOKEN: TEST_BOT_TOKEN,
    TELEGRAM_API_ROOT: telegram.url,
    WEBHOOK_URL: `http://127.0.0.1:${port}`,
    WEBHOOK_SECRET: SECRETS.webhookSecret,
    API_TOKEN: SECRETS.apiToken,
    HTTP_HOST: '127.0.0.1',
  };
});

afterAll(async () => {
  for (const app of apps) await app.kill().catch(() => undefined);
  await workshop?.stop();
  await telegram?.close();
});

async function technicianWithCard(): Promise<Technician> {
  const tg = telegram.state.addUser({ id: uniqueTelegramId(), first_name: 'Tess', language_code: 'en' });
  telegram.state.ensurePrivateChat(tg);
  const user = await createUser(workshop.db.orm, { roles: ['technician'], telegramId: tg.id, firstName: 'Tess' });
  const ticket = await createTicket(workshop.db.orm, { status: 'assigned', technician: user });
  const card = telegram.state.addMessage(tg.id, { sender: { kind: 'bot' }, content: { text: `Ticket #${ticket.id}` } });
  const presses: Press[] = [];
  for (const action of ACTIONS) {
    const { update, callbackQueryId } = await telegram.emulator.userPressesButton(
      tg,
      card,
      `tt:${ticket.id}:${action}`,
      { force: true, deliver: false },
    );
    presses.push({ update: update as Update, callbackQueryId, action, attempts: [] });
  }
  return { tg, ticketId: ticket.id, card, presses };
}

/** Telegram's side: one chat's updates in order, each redelivered until the webhook acknowledges it. */
async function deliverInOrder(presses: Press[], onAck: () => void): Promise<void> {
  for (const press of presses) {
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/webhook/${SECRETS.webhookSecret}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRETS.webhookSecret },
          body: JSON.stringify(press.update),
          signal: AbortSignal.timeout(60_000),
        });
        await res.text();
        press.attempts.push({ status: res.status });
        if (res.ok) break;
      } catch (err) {
        press.attempts.push({ status: (err as { cause?: { code?: string } }).cause?.code ?? 'network error' });
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    onAck();
  }
}

async function countsByAction(table: 'ticket_transition' | 'work_session_transition', ticketId: number) {
  const rows = await workshop.db.orm.em
    .fork()
    .getConnection()
    .execute<{ action: string; op_key: string | null }[]>(
      `select action, metadata->>'op_key' as op_key from ${table} where ticket_id = ? order by id`,
      [ticketId],
    );
  return rows;
}

it('applies every press of a burst exactly once and answers each, across a SIGKILL of the app', async () => {
  const technicians: Technician[] = [];
  for (let i = 0; i < TECHNICIANS; i += 1) technicians.push(await technicianWithCard());

  apps.push(await startAppProcess(appEnv, port));
  let acks = 0;
  let restarted: Promise<void> | null = null;
  const onAck = () => {
    acks += 1;
    if (acks === KILL_AFTER_ACKS && !restarted) {
      restarted = (async () => {
        await apps[0].kill();
        await new Promise((r) => setTimeout(r, 500));
        apps.push(await startAppProcess(appEnv, port));
      })();
    }
  };
  await Promise.all(technicians.map((t) => deliverInOrder(t.presses, onAck)));
  await restarted;
  expect(apps).toHaveLength(2);

  const presses = technicians.flatMap((t) => t.presses);
  // The crash hit the burst: some updates had to be delivered again.
  expect(presses.some((p) => p.attempts.length > 1)).toBe(true);

  for (const technician of technicians) {
    const { ticketId, presses: own } = technician;
    const byPress = (action: string) => own.find((p) => p.action === action)!.callbackQueryId;
    const ticketRows = await countsByAction('ticket_transition', ticketId);
    const sessionRows = await countsByAction('work_session_transition', ticketId);
    // Exactly one of each transition, each made by its own press (the op key holds the callback id).
    expect(ticketRows.filter((r) => r.action !== 'created').map((r) => r.action)).toEqual(['started', 'to_waiting_qc']);
    expect(sessionRows.map((r) => r.action)).toEqual(['started', 'paused', 'resumed', 'stopped']);
    expect(ticketRows.find((r) => r.action === 'started')!.op_key).toContain(byPress('start'));
    expect(ticketRows.find((r) => r.action === 'to_waiting_qc')!.op_key).toContain(byPress('to_waiting_qc'));
    expect(sessionRows.find((r) => r.action === 'paused')!.op_key).toContain(byPress('pause'));
    expect(sessionRows.find((r) => r.action === 'resumed')!.op_key).toContain(byPress('resume'));
    expect(sessionRows.find((r) => r.action === 'stopped')!.op_key).toContain(byPress('stop'));
  }

  // Every press was answered, by whichever delivery handled it, with its own success — also a
  // redelivered press whose action landed before the crash.
  const answers = presses.map((p) => ({
    action: p.action,
    text: telegram.state.callbackAnswer(p.callbackQueryId)?.text,
  }));
  expect(answers).toEqual(presses.map((p) => ({ action: p.action, text: actionToast(en, p.action) })));

  // Nothing the two app processes logged holds a secret.
  const log = apps.map((app) => app.output()).join('');
  expect(log).toContain('"level":');
  expect(Object.entries({ ...SECRETS }).filter(([, value]) => log.includes(value))).toEqual([]);
  expect(log).not.toContain(workshop.db.url);

  if (process.env.TF_TEST_VERBOSE) {
    const redelivered = presses
      .filter((p) => p.attempts.length > 1)
      .map((p) => `${p.action}: ${p.attempts.map((a) => a.status).join(' ')}`);
    console.info(redelivered.join('\n'));
  }
});
