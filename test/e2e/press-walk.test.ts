// The walk of one press, measured rather than described: this process runs the app, the worker's
// activities and the Bot API fake, so V8's precise coverage taken around one press lists the
// project functions that ran for it. A successful press draws its card from the view its update
// returns: the card's read model runs once, in the transaction, and the bot never reads the card.
// With PRINT_WALK=1 the test prints the project files of the walk (docs/architecture.md, "The
// walk of one button press"); workflow code runs in the worker's sandbox threads, outside this list.
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import type { Message, User as TgUser } from 'grammy/types';
import type { Actor } from '../../src/domain';
import { startBotHarness, type BotHarness } from '../support/bot';
import { actorWith, newTicket } from '../support/workshop';

jest.setTimeout(120_000);

let h: BotHarness;
let master: Actor;
const inspector = new Session();
const root = path.resolve(__dirname, '../..');

beforeAll(async () => {
  h = await startBotHarness();
  master = await actorWith(h, ['master']);
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
});
afterAll(async () => {
  await inspector.post('Profiler.stopPreciseCoverage').catch(() => undefined);
  inspector.disconnect();
  await h?.stopAll();
});

/** Project file (relative to the repository) → the names of its functions that ran since the last call. */
async function ranSinceLastTake(): Promise<Map<string, Set<string>>> {
  const { result } = await inspector.post('Profiler.takePreciseCoverage');
  const ran = new Map<string, Set<string>>();
  for (const script of result) {
    const file = script.url.startsWith('file://') ? new URL(script.url).pathname : script.url;
    const relative = path.relative(root, file);
    // The Bot API fake (packages/telegram-emulator) runs here too; it is Telegram's side of the walk.
    if (!/^(src|activities|workflows)\//.test(relative)) continue;
    for (const fn of script.functions) {
      // The first range of a function is its whole body; its count is how often it was called.
      if (fn.ranges[0].count === 0) continue;
      const names = ran.get(relative) ?? new Set<string>();
      names.add(fn.functionName || '(anonymous)');
      ran.set(relative, names);
    }
  }
  return ran;
}

/** Resolves once `condition` holds (polled; independent work lands when it lands). */
async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function assignedTicket() {
  const { user, tg } = await h.person(['technician']);
  const { ticket } = await newTicket(h, master);
  await h.service.approveReview(master, ticket.id);
  await h.service.assign(master, ticket.id, user.id);
  // The assignment's notification draws the technician a card (a read of it): let it land first, and
  // its lane record that copy (it settles the outbox row after), so no copy turns up after the delete below.
  await eventually(() => h.telegram.emulator.calls('sendMessage').some((call) => call.params.chat_id === tg.id));
  await eventually(async () => {
    const pending = await h.db.orm.em
      .fork()
      .getConnection()
      .execute(`select 1 from notification_outbox where ticket_id = ? and status = 'pending'`, [ticket.id]);
    return pending.length === 0;
  });
  // A bare message, never drawn as a card: no copy of it to refresh, so no chat lane reads the card meanwhile.
  const message = h.telegram.state.addMessage(tg.id, { sender: { kind: 'bot' }, content: { text: 'card' } });
  return { ticketId: ticket.id, tg, message };
}

async function pressAndWalk(tg: TgUser, message: Message, data: string) {
  await ranSinceLastTake();
  const { callbackQueryId } = await h.telegram.emulator.userPressesButton(tg, message, data, { force: true });
  const answer = await h.telegram.emulator.waitForCallbackAnswer(callbackQueryId);
  return { answer, walk: await ranSinceLastTake() };
}

it('draws the card from the update: its read model runs in the transaction, never in the bot', async () => {
  // Warm-up: the first press loads modules and fills caches.
  const warm = await assignedTicket();
  await pressAndWalk(warm.tg, warm.message, `tt:${warm.ticketId}:start`);

  const { ticketId, tg, message } = await assignedTicket();
  for (const action of ['start', 'pause']) {
    // No recorded copy of the ticket's card: no chat lane redraws one (reading the card) meanwhile.
    await h.db.orm.em.fork().getConnection().execute('delete from ticket_message where ticket_id = ?', [ticketId]);
    const { answer, walk } = await pressAndWalk(tg, message, `tt:${ticketId}:${action}`);
    expect(answer.show_alert ?? false).toBe(false);
    if (process.env.PRINT_WALK) {
      const files = [...walk.keys()].filter((f) => !/^src\/(domain|contracts)\//.test(f)).sort();
      process.stdout.write(
        `\n${action}: ${files.length} project files outside domain/contracts (${walk.size} in all)\n` +
          [...walk].map(([file, names]) => `  ${file}: ${[...names].join(', ')}`).join('\n') +
          '\n',
      );
    }
    const cardReads = walk.get('src/reads/ticket-queries.ts') ?? new Set();
    // The transaction built the view (ticketCardFacts); nobody read the card as the bot does (ticketCard).
    expect({ action, facts: cardReads.has('ticketCardFacts'), botRead: cardReads.has('ticketCard') }).toEqual({
      action,
      facts: true,
      botRead: false,
    });
    expect([...(walk.get('src/bot/features/technician.ts') ?? [])]).toEqual(
      expect.arrayContaining(['onTicketButton', 'drawCard']),
    );
  }
});
