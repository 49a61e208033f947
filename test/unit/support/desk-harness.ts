// The support desk on real servers for the e2e and workflow tests: the bot harness (webhook, fake
// Bot API, Temporal, worker) with the staff forum as MAIN_GROUP_ID, two technicians with their own
// forum groups in TECH_GROUPS_MAPPING and a staff member.
import type { Message, User as TgUser } from 'grammy/types';
import { Event, SupportTicket } from '../../../src/db/entities';
import type { User } from '../../../src/db/entities';
import type { TelegramPacingLimits } from '../../../src/telegram/pacing';
import type { TopicState } from '@ticketflow/telegram-emulator';
import { startBotHarness, type BotHarness } from '../../support/bot';
import { createUser } from '../../support/factories';

/** The fake's first supergroup (the staff forum) always gets this id. */
export const MAIN_GROUP = -1002000000001;
export const TECH_GROUP_A = -1009000000001;
export const TECH_GROUP_B = -1009000000002;

export interface Person {
  tg: TgUser;
  user: User;
}

export interface Desk {
  h: BotHarness;
  client: TgUser;
  olga: Person;
  boris: Person;
  staff: Person;
  stop(): Promise<void>;
}

export async function startDesk(
  options: {
    timeSkipping?: boolean;
    env?: Record<string, string>;
    serverArgs?: string[];
    telegramPacing?: TelegramPacingLimits | false;
  } = {},
) {
  const h = await startBotHarness({
    timeSkipping: options.timeSkipping,
    serverArgs: options.serverArgs,
    telegramPacing: options.telegramPacing,
    env: {
      MAIN_GROUP_ID: String(MAIN_GROUP),
      TECH_GROUPS_MAPPING: JSON.stringify({ olga_tech: TECH_GROUP_A, '@boris_tech': TECH_GROUP_B }),
      ...options.env,
    },
  });
  if (h.telegram.staffGroup.id !== MAIN_GROUP) throw new Error(`staff group is ${h.telegram.staffGroup.id}`);
  const { state } = h.telegram;
  const olgaTg = h.telegram.technician;
  const borisTg = state.addUser({ first_name: 'Boris', username: 'boris_tech', language_code: 'en' });
  state.createSupergroup({ id: TECH_GROUP_A, title: 'Olga bench', isForum: true, members: [olgaTg] });
  state.createSupergroup({ id: TECH_GROUP_B, title: 'Boris bench', isForum: true, members: [borisTg] });
  const olga = await createUser(h.db.orm, {
    roles: ['technician'],
    username: 'olga_tech',
    firstName: 'Olga',
    lastName: 'Smirnova',
    telegramId: olgaTg.id,
  });
  const boris = await createUser(h.db.orm, {
    roles: ['technician'],
    username: 'boris_tech',
    firstName: 'Boris',
    lastName: 'Ivanov',
    telegramId: borisTg.id,
  });
  // A technician without a group: listed on the card as not assignable.
  await createUser(h.db.orm, { roles: ['technician'], username: 'nogroup_tech', firstName: 'Nina', lastName: 'Lee' });
  const staff = await h.person(['master'], { first_name: 'Mary', username: 'mary_staff' });
  const desk: Desk = {
    h,
    client: h.telegram.client,
    olga: { tg: olgaTg, user: olga },
    boris: { tg: borisTg, user: boris },
    staff,
    stop: () => h.stopAll(),
  };
  return desk;
}

export async function eventually<T>(
  read: () => T | Promise<T>,
  until: (value: T) => boolean = (v) => !!v,
  timeoutMs = 20_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (until(value)) return value;
    if (Date.now() - started > timeoutMs) {
      throw new Error(`eventually: timed out; last value ${JSON.stringify(value)?.slice(0, 2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const em = (desk: Desk) => desk.h.db.orm.em.fork();

/** The client's newest support ticket. */
export async function latestTicket(desk: Desk, telegramId: number): Promise<SupportTicket | null> {
  return em(desk).findOne(SupportTicket, { clientTelegramId: telegramId }, { orderBy: { id: 'desc' } });
}

export const waitForTicket = (desk: Desk, telegramId: number, after = 0) =>
  eventually(
    () => latestTicket(desk, telegramId),
    (t) => !!t && t.id > after && !!t.mainThreadId,
  ) as Promise<SupportTicket>;

/** The live topic of a ticket in a forum chat (by "#id |" in its title). */
export function topicOf(desk: Desk, chatId: number, ticketId: number): TopicState | undefined {
  return desk.h.telegram.state.topics(chatId).find((t) => t.name.includes(`#${ticketId} |`));
}

export const waitForTopic = (
  desk: Desk,
  chatId: number,
  ticketId: number,
  match: (t: TopicState) => boolean = () => true,
) =>
  eventually(
    () => topicOf(desk, chatId, ticketId),
    (t) => !!t && match(t),
  ) as Promise<TopicState>;

/** Messages of a topic, without the "topic created" service message. */
export function topicMessages(desk: Desk, chatId: number, threadId: number): Message[] {
  return desk.h.telegram.state.messages(chatId, threadId).filter((m) => !m.forum_topic_created);
}

export const chatMessages = (desk: Desk, chatId: number): Message[] => desk.h.telegram.state.messages(chatId);

/** Bot messages in the client's private chat. */
export const botMessagesTo = (desk: Desk, chatId: number): Message[] =>
  chatMessages(desk, chatId).filter((m) => m.from?.is_bot);

export async function events(desk: Desk, ticketId: number): Promise<Event[]> {
  return em(desk).find(Event, { supportTicket: ticketId }, { orderBy: { id: 'asc' } });
}

export async function actions(desk: Desk, ticketId: number): Promise<string[]> {
  return (await events(desk, ticketId)).map((e) => e.action);
}

type Markup = { inline_keyboard: { text: string; callback_data?: string }[][] };
export const buttonsOf = (message: Message | undefined): string[] =>
  ((message?.reply_markup as Markup | undefined)?.inline_keyboard ?? []).flat().map((b) => b.callback_data ?? '');

export const textOf = (m: Message | undefined) => m?.text ?? m?.caption ?? '';

/** Opens a ticket for a client with a first text; waits for its topic and card. */
export async function openTicket(desk: Desk, client: TgUser, text: string) {
  const before = (await latestTicket(desk, client.id))?.id ?? 0;
  await desk.h.telegram.emulator.userSendsText(client, client.id, text);
  const ticket = await waitForTicket(desk, client.id, before);
  const topic = await waitForTopic(desk, MAIN_GROUP, ticket.id);
  const card = await eventually(() =>
    topicMessages(desk, MAIN_GROUP, topic.message_thread_id).find((m) => buttonsOf(m).length > 0),
  );
  return { ticket, topic, card: card! };
}

/** A staff member presses a button; resolves with the callback answer. */
export async function press(desk: Desk, user: TgUser, message: Message, data: string) {
  const { callbackQueryId } = await desk.h.telegram.emulator.userPressesButton(user, message, data);
  return desk.h.telegram.emulator.waitForCallbackAnswer(callbackQueryId, 20_000);
}
