// What the support activities share: their dependencies, topic titles, locales and
// the way a Bot API call reaches a ticket's topic (recreated when deleted, reopened when closed).
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Api } from 'grammy';
import type { Client } from '@temporalio/client';
import type { Config } from '../src/config';
import { pickLocale, type Translate, type Translator } from '../src/i18n';
import { supportStatusLabels } from '../src/ui/render/support';
import type { Orm } from '../src/db/orm';
import { sql } from '../src/db/sql';
import { SupportTicket, TechThread } from '../src/db/entities';
import { supportTopicTitle } from '../src/domain';
import type { Logger } from '../src/logger';
import type { RedisClient } from '../src/redis';
import type { TelegramPacingLimits } from '../src/telegram/pacing';
import { isMessageNotModified } from '../src/telegram/delivery';
import type { BridgeMessage, ClientProfile } from '../src/contracts/support';

export interface SupportActivityDeps {
  config: Config;
  logger: Logger;
  orm: Orm;
  redis: RedisClient;
  temporal: Client;
  telegram: Api | null;
  i18n: Translator;
  /** Outgoing pacing per chat (Telegram's limits by default); false turns it off. */
  telegramPacing?: TelegramPacingLimits | false;
  /** The support desk's routing (the app's SupportService), handed in so activities build no service. */
  supportRouting: SupportRouting;
}

/** Routes a client message again, into the client's next conversation. */
export interface SupportRouting {
  rerouteClientMessage(message: BridgeMessage, client: ClientProfile): Promise<unknown>;
}

/** Where a job goes: the ticket's main topic, the client's private chat, a technician's topic. */
export type SupportRoute = { kind: 'main' } | { kind: 'client' } | { kind: 'tech'; technicianId: number };

export const routeKey = (route: SupportRoute): string =>
  route.kind === 'tech' ? `tech:${route.technicianId}` : route.kind;

export const fork = (deps: SupportActivityDeps) => deps.orm.em.fork() as EntityManager;

export function translator(deps: SupportActivityDeps, locale: string): Translate {
  return (key, args) => deps.i18n.t(locale, key, args);
}

/** Staff groups read the default locale. */
export const groupT = (deps: SupportActivityDeps): Translate => translator(deps, deps.config.defaultLocale);

export async function loadTicket(em: EntityManager, ticketId: number): Promise<SupportTicket> {
  return em.findOneOrFail(SupportTicket, { id: ticketId }, { populate: ['technician'], refresh: true });
}

/** The @handle shown for a technician: their Telegram username, else the account's. */
export async function technicianHandle(em: EntityManager, userId: number): Promise<string> {
  const [row] = await sql<{ handle: string }>(
    em,
    `select coalesce((select p.username from telegram_profile p where p.user_id = u.id and p.username is not null
                       order by p.last_seen_at desc limit 1), u.username) as handle
       from app_user u where u.id = ?`,
    [userId],
  );
  return row?.handle ?? String(userId);
}

export async function clientLocale(deps: SupportActivityDeps, em: EntityManager, telegramId: number): Promise<string> {
  const [row] = await sql<{ language_code: string | null }>(
    em,
    'select language_code from telegram_profile where telegram_id = ?',
    [telegramId],
  );
  return pickLocale(row?.language_code ?? null, deps.config.defaultLocale);
}

/** The topic title the ticket should have now (the database is the source of truth). */
export async function topicTitle(deps: SupportActivityDeps, em: EntityManager, ticket: SupportTicket): Promise<string> {
  const tech = ticket.technician ? await technicianHandle(em, ticket.technician.id) : null;
  return supportTopicTitle(
    {
      status: ticket.status,
      id: ticket.id,
      clientName: ticket.clientName || String(ticket.clientTelegramId),
      clientUsername: ticket.clientUsername ?? null,
      techUsername: tech,
      overdue: ticket.status !== 'closed' && !!ticket.slaBreachedAt && !ticket.firstResponseAt,
    },
    supportStatusLabels(groupT(deps)),
  );
}

/** The latest mirrored topic of a technician for a ticket (closed or not). */
export async function latestTechThread(
  em: EntityManager,
  ticketId: number,
  technicianId: number,
): Promise<TechThread | null> {
  return em.findOne(
    TechThread,
    { supportTicket: ticketId, technician: technicianId },
    { orderBy: { id: 'desc' }, refresh: true },
  );
}

/** "Not modified" answers mean the state already is what we asked for. */
export function isTopicNotModified(err: unknown): boolean {
  const description = (err as { description?: unknown })?.description;
  return typeof description === 'string' && description.includes('TOPIC_NOT_MODIFIED');
}

export function isAlreadyDone(err: unknown): boolean {
  return isTopicNotModified(err) || isMessageNotModified(err);
}

/** Runs a call that may find its target already in the wanted state. */
export async function idempotent(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (err) {
    if (!isAlreadyDone(err)) throw err;
  }
}
