// One ticket's whole life through Telegram only: a master takes it in and assigns it, the
// technician works it from the card they are sent, every QC inspector is asked, QC fails it with
// a reason, the technician reworks it, QC passes it — Update JSON through the webhook, the fake
// Bot API, real Postgres, Redis and Temporal.
import type { Message, User as TgUser } from 'grammy/types';
import { Ticket, TicketTransition, XpTransaction } from '../../src/db/entities';
import type { RecordedCall } from '@ticketflow/telegram-emulator';
import { startBotHarness, type BotHarness } from '../support/bot';
import { createItemWithParts } from '../support/factories';

jest.setTimeout(180_000);

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
});
afterAll(() => h?.stopAll());

const emu = () => h.telegram.emulator;
const textOf = (call: RecordedCall) => String(call.params.text ?? '');
const messageOf = (call: RecordedCall) => (call.response as { result: Message }).result;
const current = (m: Message) => h.telegram.state.getMessage(m.chat.id, m.message_id)!;
const buttonsOf = (m: Message) =>
  (current(m).reply_markup?.inline_keyboard ?? []).flat().map((b) => ('callback_data' in b ? b.callback_data : ''));

/** The next successful message to a chat whose text matches. */
const messageTo = (chatId: number, match: (text: string) => boolean) =>
  emu().waitForCall(
    'sendMessage',
    (c) => Number(c.params.chat_id) === chatId && c.status === 200 && match(textOf(c)),
    20_000,
  );

async function press(tg: TgUser, message: Message, data: string) {
  const { callbackQueryId } = await emu().userPressesButton(tg, message, data);
  return emu().waitForCallbackAnswer(callbackQueryId);
}

/** Waits until `count` "waiting for QC" requests about the ticket reached the inspector. */
async function qcRequests(tg: TgUser, ticketId: number, count: number): Promise<RecordedCall[]> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const requests = emu()
      .calls('sendMessage')
      .filter(
        (c) =>
          Number(c.params.chat_id) === tg.id &&
          textOf(c).includes('Ticket Waiting For QC') &&
          textOf(c).includes(`#${ticketId}`),
      );
    if (requests.length >= count) return requests;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`fewer than ${count} QC requests reached ${tg.id}`);
}

/** Presses the list's page buttons until one matching `wanted` shows. */
async function pageUntil(tg: TgUser, message: Message, wanted: RegExp, page: (n: number) => string) {
  for (let n = 1; n <= 20; n += 1) {
    const found = buttonsOf(message).find((d) => wanted.test(d));
    if (found) return found;
    await emu().userPressesButton(tg, message, page(n), { force: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no button matching ${wanted}`);
}

it('master intake → assign → technician works → all QC inspectors asked → fail with reason → rework → pass', async () => {
  const master = await h.person(['master'], { first_name: 'Maria' });
  const tech = await h.person(['technician'], { first_name: 'Tom' });
  const qc1 = await h.person(['qc_inspector'], { first_name: 'Quinn' });
  const qc2 = await h.person(['qc_inspector'], { first_name: 'Rita' });
  const { item, parts } = await createItemWithParts(h.db.orm, { partNames: ['Chain'] });

  // Intake: one message, edited through the whole flow.
  await emu().userSendsCommand(master.tg, master.tg.id, 'ticket_create');
  const flow = messageOf(emu().lastCall('sendMessage')!);
  await press(
    master.tg,
    flow,
    await pageUntil(master.tg, flow, new RegExp(`^tc:item:${item.id}:`), (n) => `tc:list:${n}`),
  );
  await press(master.tg, flow, `tc:tog:${parts[0].id}`);
  await press(master.tg, flow, 'tc:go');
  await press(master.tg, flow, 'tc:min:45');
  expect((await press(master.tg, flow, 'tc:save'))?.text).toBe('✅ All part specs configured.');
  const created = await press(master.tg, flow, 'tc:create');
  const ticket = await h.db.orm.em.fork().findOneOrFail(Ticket, { inventoryItem: item.id });
  expect(created?.text).toBe(`✅ Ticket #${ticket.id} created.`);
  expect(ticket).toMatchObject({ status: 'under_review', totalDuration: 45, xpAmount: 3 });

  // Review: approve & assign to Tom from the paged technician picker.
  await emu().userSendsCommand(master.tg, master.tg.id, 'ticket_review');
  const queue = messageOf(emu().lastCall('sendMessage')!);
  await press(
    master.tg,
    queue,
    await pageUntil(master.tg, queue, new RegExp(`^trq:open:${ticket.id}:`), (n) => `trq:refresh:${n}`),
  );
  await press(master.tg, queue, `tra:assign:${ticket.id}`);
  const pick = await pageUntil(
    master.tg,
    queue,
    new RegExp(`^tra:at:${ticket.id}:${tech.user.id}$`),
    (n) => `tra:ap:${ticket.id}:${n}`,
  );
  await press(master.tg, queue, pick);

  // The technician is sent their card, and works the ticket from it.
  const card = messageOf(
    await messageTo(tech.tg.id, (t) => t.includes('New ticket assigned to you') && t.includes(`#${ticket.id}`)),
  );
  expect(buttonsOf(card)).toContain(`tt:${ticket.id}:start`);
  expect((await press(tech.tg, card, `tt:${ticket.id}:start`))?.text).toBe('✅ Work session started.');
  expect((await press(tech.tg, card, `tt:${ticket.id}:stop`))?.text).toBe('⏹ Work session stopped.');
  expect((await press(tech.tg, card, `tt:${ticket.id}:to_waiting_qc`))?.text).toBe('🧪 Ticket sent to QC.');

  // Every QC inspector is asked; QC 1 fails it with a typed reason.
  const waiting = (tg: TgUser) =>
    messageTo(tg.id, (t) => t.includes('Ticket Waiting For QC') && t.includes(`#${ticket.id}`));
  const [ask1] = await Promise.all([waiting(qc1.tg), waiting(qc2.tg)]);
  await press(qc1.tg, messageOf(ask1), `tqc:${ticket.id}:fail`);
  await messageTo(qc1.tg.id, (t) => t.includes(`QC fail for ticket #${ticket.id}`));
  await emu().userSendsText(qc1.tg, qc1.tg.id, 'Chain still skips');

  // The technician gets it back with the reason and a Start button, and reworks it.
  const back = messageOf(
    await messageTo(tech.tg.id, (t) => t.startsWith('❌ <b>Returned from QC</b>') && t.includes(`#${ticket.id}`)),
  );
  expect(current(back).text).toContain('Chain still skips');
  expect((await press(tech.tg, back, `tt:${ticket.id}:start`))?.text).toBe('✅ Work session started.');
  await press(tech.tg, back, `tt:${ticket.id}:stop`);
  await press(tech.tg, back, `tt:${ticket.id}:to_waiting_qc`);

  // QC 2 passes it from the new request; the technician is told the XP.
  const second = await qcRequests(qc2.tg, ticket.id, 2);
  expect((await press(qc2.tg, messageOf(second[1]), `tqc:${ticket.id}:pass`))?.text).toBe(
    '✅ Ticket marked as QC passed.',
  );
  const passed = await messageTo(
    tech.tg.id,
    (t) => t.startsWith('✅ <b>Ticket Passed QC</b>') && t.includes(`#${ticket.id}`),
  );
  expect(textOf(passed)).toContain('XP earned:</b> +3');

  const em = h.db.orm.em.fork();
  expect(
    (await em.find(TicketTransition, { ticket: ticket.id }, { orderBy: { id: 'asc' } })).map((t) => t.action),
  ).toEqual(['created', 'assigned', 'started', 'to_waiting_qc', 'qc_fail', 'started', 'to_waiting_qc', 'qc_pass']);
  const xp = await em.find(XpTransaction, { payload: { ticket_id: ticket.id } }, { orderBy: { id: 'asc' } });
  expect(xp.map((x) => [x.user.id, x.entryType, x.amount])).toEqual([
    [qc1.user.id, 'ticket_qc_status_update', 1],
    [tech.user.id, 'ticket_base_xp', 3],
    [qc2.user.id, 'ticket_qc_status_update', 1],
  ]);
});
