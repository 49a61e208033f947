// The support desk's entry point for the bot (and for messages re-routed after a close): a client's
// message finds their open conversation or opens one — never two, even when messages race (the
// one-open-per-client index decides the id, signal-with-start USE_EXISTING the workflow); group
// messages go to the ticket of their topic; staff assign and close through updates; the client
// answers the survey. Messages travel as workflow signals; `fwd:` keys stop duplicates and loops.
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config';
import type { Actor } from '../domain';
import type { Orm } from '../db/orm';
import { sql } from '../db/sql';
import { recordEvent } from '../db/support-events';
import type { Logger } from '../logger';
import { callTemporal } from './temporal-call';
import { bannedKey, forwardKey, sessionKey } from '../redis/keys';
import type { RedisClient } from '../redis';
import { ClientTelegramIdKey, TicketStatusKey } from '../contracts/search-attributes';
import {
  type BridgeMessage,
  type ClientProfile,
  feedbackAnswerUpdate,
  feedbackCommentUpdate,
  type FeedbackView,
  feedbackWorkflowId,
  type SupportClient,
  supportAssignUpdate,
  supportClientMessageSignal,
  supportCloseUpdate,
  supportStaffMessageSignal,
  supportTechMessageSignal,
  type SupportTicketWorkflowInput,
  type SupportView,
  supportViewQuery,
  supportWorkflowId,
} from '../contracts/support';
import { isSupportRefusal, isSupportStaff, pickLocale, supportRefusal, type SurveyQuestion } from '../domain';
import type { supportTicketWorkflow } from '../../workflows/support-ticket';
import { createClientCardSource, type ClientCardSource } from '../reads/client-cards';
import { NotFoundError } from './errors';
import { supportTechnicians } from '../reads/support-technicians';

export const SESSION_TTL_SECONDS = 24 * 60 * 60;
export const FORWARD_TTL_SECONDS = 2 * 60 * 60;
const DEFAULT_DEADLINE_MS = 15_000;
const QUERY_DEADLINE_MS = 5_000;
/** A signal is one RPC the server answers at once (no worker involved): an outage is known within this. */
const SIGNAL_DEADLINE_MS = 5_000;

const BANNED_CACHE_SECONDS = 10 * 60;

export interface SupportServiceDeps {
  config: Config;
  logger: Logger;
  orm: Orm;
  redis: RedisClient;
  temporal: Client;
}

export type ClientRouteOutcome =
  /** Bridged into the client's (new or open) ticket. */
  | 'ticket'
  /** Taken as the comment of the survey waiting for one. */
  | 'survey_comment'
  /** Already bridged (a repeated delivery). */
  | 'duplicate'
  /** CLIENT_ACCESS=whitelist and the card source does not know this client. */
  | 'not_allowed'
  /** An edit of a message whose ticket is closed. */
  | 'no_ticket'
  /** No MAIN_GROUP_ID: the support desk is off. */
  | 'disabled'
  /** Staff blocked this client as a spammer (`/ban` in their topic): ignored. */
  | 'banned';

export type GroupRouteOutcome = 'staff' | 'tech' | 'duplicate' | 'ignored';

export class SupportService {
  private readonly cards: ClientCardSource;

  constructor(private readonly deps: SupportServiceDeps) {
    this.cards = createClientCardSource(deps);
  }

  get enabled(): boolean {
    return this.deps.config.telegram.mainGroupId !== undefined;
  }

  private em(): EntityManager {
    return this.deps.orm.em.fork() as EntityManager;
  }

  // ------------------------------------------------------------------------------------------
  // Anti-loop keys

  /** Claims a source message for the bridge; false when it was already bridged. */
  private async claim(message: BridgeMessage): Promise<boolean> {
    return (await this.deps.redis.set(forwardKey(message), '1', 'EX', FORWARD_TTL_SECONDS, 'NX')) === 'OK';
  }

  private async release(message: BridgeMessage): Promise<void> {
    await this.deps.redis.del(forwardKey(message)).catch(() => undefined);
  }

  // ------------------------------------------------------------------------------------------
  // Client messages

  /** A client message that reached a closed conversation goes to their next one. */
  async rerouteClientMessage(message: BridgeMessage, client: ClientProfile): Promise<ClientRouteOutcome> {
    // The message's anti-loop key was taken by the first routing: clear it for the second.
    await this.deps.redis.del(forwardKey(message));
    return this.routeClientMessage(message, client);
  }

  async routeClientMessage(message: BridgeMessage, client: ClientProfile): Promise<ClientRouteOutcome> {
    if (!this.enabled) return 'disabled';
    if (await this.isBanned(client.telegramId)) return 'banned';
    if (!(await this.claim(message))) return 'duplicate';
    try {
      if (message.editDate !== null) {
        const workflowId = await this.openWorkflowId(client.telegramId);
        if (!workflowId) return 'no_ticket';
        try {
          await this.signal(() =>
            this.deps.temporal.workflow.getHandle(workflowId).signal(supportClientMessageSignal, message),
          );
        } catch (err) {
          if (err instanceof WorkflowNotFoundError) return 'no_ticket';
          throw err;
        }
        return 'ticket';
      }
      if (
        message.content === 'text' &&
        message.text &&
        (await this.trySurveyComment(client.telegramId, message, message.text))
      )
        return 'survey_comment';
      if (this.deps.config.clientAccess === 'whitelist') {
        const card = await this.cards.lookup({ telegramId: client.telegramId, username: client.username });
        if (!card.known) return 'not_allowed';
      }
      await this.deliverToTicket(message, client);
      return 'ticket';
    } catch (err) {
      // Nothing was bridged: let a redelivery of this update try again.
      await this.release(message);
      throw err;
    }
  }

  /** Is this support workflow still taking messages (running and not closed)? */
  private async isOpen(workflowId: string): Promise<boolean> {
    try {
      const view = await this.deps.temporal.withDeadline(Date.now() + QUERY_DEADLINE_MS, () =>
        this.deps.temporal.workflow.getHandle(workflowId).query(supportViewQuery),
      );
      return view.status !== 'closed';
    } catch {
      return false;
    }
  }

  /** The workflow of the client's open ticket: the `session:` cache re-checked, else Postgres. */
  private async openWorkflowId(telegramId: number): Promise<string | null> {
    const cached = await this.deps.redis.get(sessionKey(telegramId));
    if (cached && (await this.isOpen(cached))) return cached;
    const [row] = await sql<{ id: number }>(
      this.em(),
      `select id from support_ticket where client_telegram_id = ? and status <> 'closed'`,
      [telegramId],
    );
    return row ? supportWorkflowId(row.id) : null;
  }

  private async deliverToTicket(message: BridgeMessage, client: ClientProfile): Promise<void> {
    const key = sessionKey(client.telegramId);
    const cached = await this.deps.redis.get(key);
    if (cached) {
      if (await this.isOpen(cached)) {
        try {
          await this.signal(() =>
            this.deps.temporal.workflow.getHandle(cached).signal(supportClientMessageSignal, message),
          );
          await this.deps.redis.expire(key, SESSION_TTL_SECONDS);
          return;
        } catch (err) {
          if (!(err instanceof WorkflowNotFoundError)) throw err;
        }
      }
      // A closed conversation is never reused.
      await this.deps.redis.del(key);
    }
    const { id, created } = await this.openTicket(client);
    const input = this.workflowInput(id, client);
    await this.signal(() =>
      this.deps.temporal.workflow.signalWithStart<typeof supportTicketWorkflow, [BridgeMessage]>(
        'supportTicketWorkflow',
        {
          workflowId: supportWorkflowId(id),
          taskQueue: this.deps.config.temporal.taskQueue,
          args: [input],
          signal: supportClientMessageSignal,
          signalArgs: [message],
          // Racing first messages agree on the id (the database) and then on the workflow (USE_EXISTING);
          // a finished run is a closed ticket and is never started again.
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
          staticSummary: `Support #${id} · ${client.name}`.slice(0, 190),
          staticDetails: [
            `**Support conversation #${id}** with ${client.name}${client.username ? ` (@${client.username})` : ''}, Telegram ${client.telegramId}`,
            '',
            `The client's conversations and surveys: \`ClientTelegramId = ${client.telegramId}\`.`,
          ].join('\n'),
          typedSearchAttributes: [
            { key: ClientTelegramIdKey, value: client.telegramId },
            { key: TicketStatusKey, value: 'new' },
          ],
        },
      ),
    );
    await this.deps.redis.set(key, supportWorkflowId(id), 'EX', SESSION_TTL_SECONDS);
    if (created)
      this.deps.logger.info({ support_ticket_id: id, telegram_id: client.telegramId }, 'support ticket opened');
  }

  /** The client's open ticket, created if there is none; concurrent calls get the same one. */
  private async openTicket(client: ClientProfile): Promise<{ id: number; created: boolean }> {
    const mainChatId = this.deps.config.telegram.mainGroupId!;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const [inserted] = await sql<{ id: number }>(
        this.em(),
        `with next as (select nextval(pg_get_serial_sequence('support_ticket', 'id'))::int as id)
         insert into support_ticket (id, client_telegram_id, client_name, client_username, status, main_chat_id, workflow_id)
         select id, ?, ?, ?, 'new', ?, 'support-' || id from next
         on conflict (client_telegram_id) where status <> 'closed' do nothing
         returning id`,
        [client.telegramId, client.name, client.username, mainChatId],
      );
      if (inserted) {
        await recordEvent(this.em(), inserted.id, 'CLIENT', 'ticket_opened', { telegram_id: client.telegramId });
        return { id: Number(inserted.id), created: true };
      }
      const [open] = await sql<{ id: number }>(
        this.em(),
        `select id from support_ticket where client_telegram_id = ? and status <> 'closed'`,
        [client.telegramId],
      );
      if (open) return { id: Number(open.id), created: false };
      // Closed between the two statements: try again.
    }
    throw new Error(`could not open a support ticket for ${client.telegramId}`);
  }

  private workflowInput(ticketId: number, client: ClientProfile): SupportTicketWorkflowInput {
    const { config } = this.deps;
    const supportClient: SupportClient = {
      telegramId: client.telegramId,
      name: client.name,
      username: client.username,
      locale: pickLocale(client.languageCode, config.defaultLocale),
    };
    return {
      ticketId,
      client: supportClient,
      mainChatId: config.telegram.mainGroupId!,
      firstResponseSlaMinutes: config.support.firstResponseSlaMinutes,
      survey: {
        reminderMinutes: config.support.surveyReminderMinutes,
        expiryMinutes: config.support.surveyExpiryMinutes,
        commentWaitMinutes: config.support.surveyCommentWaitMinutes,
      },
    };
  }

  /**
   * The client's next text while their survey waits for a comment is that comment. The update is
   * keyed by the message, so a redelivery after a timeout gets the first attempt's answer.
   */
  private async trySurveyComment(telegramId: number, message: BridgeMessage, text: string): Promise<boolean> {
    const [row] = await sql<{ id: number }>(
      this.em(),
      `select f.support_ticket_id as id from feedback f join support_ticket t on t.id = f.support_ticket_id
        where t.client_telegram_id = ? and f.status = 'pending' and f.comment is null
          and f.q1 is not null and f.q2 is not null and f.q3 is not null and least(f.q1, f.q2, f.q3) < 5
        order by f.id desc limit 1`,
      [telegramId],
    );
    if (!row) return false;
    try {
      await this.call(() =>
        this.deps.temporal.workflow.getHandle(feedbackWorkflowId(Number(row.id))).executeUpdate(feedbackCommentUpdate, {
          args: [{ telegramId, text }],
          updateId: `comment:${message.chatId}:${message.messageId}`,
        }),
      );
      return true;
    } catch (err) {
      if (isSupportRefusal(err)) return false;
      throw err;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Group messages

  /** A message in a ticket's main topic (staff) or a technician's topic (tech); anything else is ignored. */
  async routeGroupMessage(message: BridgeMessage, options: { specialistCall: boolean }): Promise<GroupRouteOutcome> {
    if (!this.enabled || message.threadId === null) return 'ignored';
    const { telegram } = this.deps.config;
    if (message.chatId === telegram.mainGroupId) {
      const [ticket] = await sql<{ id: number }>(
        this.em(),
        `select id from support_ticket where main_chat_id = ? and main_thread_id = ? and status <> 'closed'
          order by id desc limit 1`,
        [message.chatId, message.threadId],
      );
      if (ticket) return this.signalGroup(message, Number(ticket.id), 'staff', options);
    }
    if (Object.values(telegram.techGroups).includes(message.chatId)) {
      const [thread] = await sql<{ ticket_id: number; technician_id: number }>(
        this.em(),
        `select t.support_ticket_id as ticket_id, t.technician_id from tech_thread t
           join support_ticket s on s.id = t.support_ticket_id
          where t.tech_chat_id = ? and t.tech_thread_id = ? and t.closed_at is null and s.status <> 'closed'
          order by t.id desc limit 1`,
        [message.chatId, message.threadId],
      );
      if (thread) {
        return this.signalGroup(message, Number(thread.ticket_id), 'tech', {
          ...options,
          technicianId: Number(thread.technician_id),
        });
      }
    }
    return 'ignored';
  }

  private async signalGroup(
    message: BridgeMessage,
    ticketId: number,
    kind: 'staff' | 'tech',
    options: { specialistCall: boolean; technicianId?: number },
  ): Promise<GroupRouteOutcome> {
    if (!(await this.claim(message))) return 'duplicate';
    try {
      const handle = this.deps.temporal.workflow.getHandle(supportWorkflowId(ticketId));
      await this.signal(() =>
        kind === 'staff'
          ? handle.signal(supportStaffMessageSignal, message)
          : handle.signal(supportTechMessageSignal, {
              ...message,
              technicianId: options.technicianId!,
              specialistCall: options.specialistCall,
            }),
      );
      return kind;
    } catch (err) {
      await this.release(message);
      if (err instanceof WorkflowNotFoundError) return 'ignored';
      throw err;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Staff actions and the survey

  async assign(
    actor: Actor,
    actorName: string,
    ticketId: number,
    technicianId: number,
    updateId?: string,
  ): Promise<SupportView> {
    const technician = (await supportTechnicians(this.deps)).find((t) => t.id === technicianId);
    if (!technician) throw new NotFoundError('Technician', technicianId);
    if (technician.groupChatId === null) throw supportRefusal('technician_without_group');
    const input = {
      actor,
      actorName,
      technician: {
        id: technician.id,
        username: technician.username,
        name: technician.name,
        groupChatId: technician.groupChatId,
      },
    };
    return this.call(() =>
      this.deps.temporal.workflow
        .getHandle(supportWorkflowId(ticketId))
        .executeUpdate(supportAssignUpdate, { args: [input], updateId }),
    );
  }

  async close(actor: Actor, actorName: string, ticketId: number, updateId?: string): Promise<SupportView> {
    return this.call(() =>
      this.deps.temporal.workflow
        .getHandle(supportWorkflowId(ticketId))
        .executeUpdate(supportCloseUpdate, { args: [{ actor, actorName }], updateId }),
    );
  }

  // ------------------------------------------------------------------------------------------
  // Spammers: staff block a client from their topic; the audit log keeps the decision.

  async isBanned(telegramId: number): Promise<boolean> {
    const cached = await this.deps.redis.get(bannedKey(telegramId)).catch(() => null);
    if (cached !== null) return cached === '1';
    const [latest] = await sql<{ action: string }>(
      this.em(),
      `select action from event where action in ('client_banned', 'client_unbanned')
          and payload->>'telegram_id' = ? order by id desc limit 1`,
      [String(telegramId)],
    );
    const banned = latest?.action === 'client_banned';
    await this.deps.redis
      .set(bannedKey(telegramId), banned ? '1' : '0', 'EX', BANNED_CACHE_SECONDS)
      .catch(() => undefined);
    return banned;
  }

  /** Bans (or lets back) the client of a ticket; only staff. Returns the client's Telegram id. */
  async setBanned(actor: Actor, actorName: string, ticketId: number, banned: boolean): Promise<number> {
    if (!isSupportStaff(actor)) throw supportRefusal('not_staff');
    const [ticket] = await sql<{ client_telegram_id: number }>(
      this.em(),
      'select client_telegram_id from support_ticket where id = ?',
      [ticketId],
    );
    if (!ticket) throw new NotFoundError('SupportTicket', ticketId);
    const telegramId = Number(ticket.client_telegram_id);
    await recordEvent(this.em(), ticketId, 'STAFF', banned ? 'client_banned' : 'client_unbanned', {
      telegram_id: String(telegramId),
      actor_id: actor.id,
      actor: actorName,
    });
    await this.deps.redis.set(bannedKey(telegramId), banned ? '1' : '0', 'EX', BANNED_CACHE_SECONDS);
    return telegramId;
  }

  /** The open ticket of a main-group topic, for /close typed there. */
  async ticketOfMainTopic(chatId: number, threadId: number): Promise<number | null> {
    const [row] = await sql<{ id: number }>(
      this.em(),
      `select id from support_ticket where main_chat_id = ? and main_thread_id = ? order by id desc limit 1`,
      [chatId, threadId],
    );
    return row ? Number(row.id) : null;
  }

  async answerSurvey(
    ticketId: number,
    telegramId: number,
    question: SurveyQuestion,
    score: number,
    updateId?: string,
  ): Promise<FeedbackView> {
    return this.call(() =>
      this.deps.temporal.workflow
        .getHandle(feedbackWorkflowId(ticketId))
        .executeUpdate(feedbackAnswerUpdate, { args: [{ telegramId, question, score }], updateId }),
    );
  }

  /**
   * A signal (or signal-with-start) with a deadline: Temporal out of reach or not answering becomes
   * ServiceUnavailableError (callTemporal), so the bot leaves the update for Telegram to redeliver
   * instead of acknowledging a message nobody got. A missing workflow stays WorkflowNotFoundError.
   */
  private signal(execute: () => Promise<unknown>): Promise<unknown> {
    return callTemporal(this.deps, SIGNAL_DEADLINE_MS, execute, (err) =>
      err instanceof WorkflowNotFoundError ? err : undefined,
    );
  }

  private call<T>(execute: () => Promise<T>): Promise<T> {
    // A refusal comes back as a DomainError (callTemporal); a finished conversation's workflow may be gone.
    return callTemporal(this.deps, DEFAULT_DEADLINE_MS, execute, (err) =>
      err instanceof WorkflowNotFoundError ? supportRefusal('closed') : undefined,
    );
  }
}
