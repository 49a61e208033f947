// Per-chat order of ticket notifications while the Bot API fails: tickets assigned 1, 2, 3, 4 to one
// technician are announced to them as 1, 2, 3, 4, each exactly once, although the first send got a
// 429 with a long retry_after and the next ones 5xx errors (each ticket is its own workflow, so
// per-ticket retries alone would deliver 2, 3, 4 before 1). Other chats are not held up meanwhile.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor, RoleSlug } from '../../src/domain';
import type { InjectedFailure, RecordedCall } from '@ticketflow/telegram-emulator';
import { sql } from '../../src/db/sql';
import { startBotHarness, type BotHarness } from '../support/bot';
import { newTicket } from '../support/workshop';

jest.setTimeout(120_000);

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
});
afterAll(() => h?.stopAll());

const emu = () => h.telegram.emulator;
type Person = Awaited<ReturnType<BotHarness['person']>>;
const actor = (p: Person): Actor => ({ id: p.user.id, roles: p.user.roles.getItems().map((r) => r.role) });
const person = (roles: RoleSlug[], firstName: string) =>
  h.person(roles, { first_name: firstName, language_code: 'en' });
const textOf = (call: RecordedCall) => String(call.params.text ?? '');
const ticketIn = (text: string) => Number(/#(\d+)\b/.exec(text)?.[1] ?? NaN);

/** Successful sendMessage calls to a chat whose text matches, in the order Telegram took them. */
const delivered = (chatId: number, match: (text: string) => boolean) =>
  emu()
    .calls('sendMessage')
    .filter((c) => c.params.chat_id === chatId && c.status === 200 && match(textOf(c)));

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it('announces tickets 1..4 to their technician in order, once each, through 429s and 5xx errors', async () => {
  const master = await person(['master'], 'Magda');
  const ops = await person(['ops_manager'], 'Oleg');
  const tech = await person(['technician'], 'Teo');
  const ids: number[] = [];
  for (let i = 0; i < 4; i += 1) {
    const { ticket } = await newTicket(h, actor(master));
    await h.service.approveReview(actor(master), ticket.id);
    ids.push(ticket.id);
  }
  const isAssignment = (text: string) => text.startsWith('🆕 <b>New ticket assigned to you</b>');

  // The technician's chat fails three times: first a 429 that asks for 4 s, then two 502s. Retried
  // per ticket, tickets 2..4 (502, retried after 2 s and 4 s) would overtake ticket 1 (waiting 4 s).
  // Counted, not timed, so a slow machine sees the same failures.
  const injected: InjectedFailure[] = [
    { kind: 'too_many_requests', retryAfter: 4 },
    { kind: 'server_error', status: 502 },
    { kind: 'server_error', status: 502 },
  ];
  const stop = emu().failWhile((call): InjectedFailure | undefined =>
    call.method === 'sendMessage' && call.params.chat_id === tech.tg.id ? injected.shift() : undefined,
  );
  try {
    for (const id of ids) await h.service.assign(actor(ops), id, tech.user.id);
    // The master hears of every assignment meanwhile: their chat has its own lane.
    await eventually(() => delivered(master.tg.id, (t) => t.includes('Ticket Assigned')).length === 4, 20_000);
    expect(delivered(tech.tg.id, isAssignment)).toHaveLength(0);

    await eventually(() => delivered(tech.tg.id, isAssignment).length >= 4);
    // Let any late duplicate show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(delivered(tech.tg.id, isAssignment).map((c) => ticketIn(textOf(c)))).toEqual(ids);
    expect(delivered(master.tg.id, (t) => t.includes('Ticket Assigned')).map((c) => ticketIn(textOf(c)))).toEqual(ids);
    const refused = emu()
      .calls('sendMessage')
      .filter((c) => c.params.chat_id === tech.tg.id && c.status !== 200)
      .map((c) => c.status);
    expect(refused).toEqual([429, 502, 502]);

    // The outbox has every row delivered, the first one after its failed attempts.
    const em = h.db.orm.em.fork() as EntityManager;
    const rows = await sql<{ ticket_id: number; status: string; attempts: number }>(
      em,
      `select ticket_id, status, attempts from notification_outbox
        where chat_id = ? and event = 'ticket_assigned_technician' order by id`,
      [tech.tg.id],
    );
    expect(rows.map((r) => [Number(r.ticket_id), r.status])).toEqual(ids.map((id) => [id, 'sent']));
    expect(Number(rows[0]!.attempts)).toBeGreaterThan(1);
  } finally {
    stop();
  }
});
