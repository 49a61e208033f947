// Ticket persistence: each action is one database transaction that re-checks the pure guard
// against the locked row, writes the transition and its side effects, and is idempotent per
// operation key (an activity retried after its commit returns what it did the first time).
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import {
  approveReview,
  assign,
  DomainError,
  type JsonObject,
  qcFail,
  qcPass,
  resolveTicketXpRules,
  sendToQc,
  setManualMetrics,
  start,
  toTicketState,
  type TicketState,
  type TicketTransitionResult,
  xpEntriesForQcDecision,
  OPEN_SESSION_STATUSES,
  personName,
} from '../src/domain';
import { Ticket, TicketTransition, User, UserRole, WorkSession, WorkSessionTransition } from '../src/db/entities';
import { sqlRun } from '../src/db/sql';
import { ticketLogger, type Logger } from '../src/logger';
import type { TicketNotifier } from '../src/notify/notifier';
import { activeRules } from '../src/reads/rules-store';
import { ticketCardFacts } from '../src/reads/ticket-queries';
import { toDomainFailure } from '../src/contracts/failures';
import { workSessionStart, type SessionSummary } from '../src/contracts/messages';
import type {
  ApplyTicketActionParams,
  ApplyTicketActionResult,
  TicketActionRequest,
  TicketNotification,
} from '../src/contracts/tickets';

function writeTicketState(em: EntityManager, row: Ticket, state: TicketState): void {
  const date = (ms: number | null) => (ms === null ? null : new Date(ms));
  em.assign(row, {
    status: state.status,
    technician: state.technicianId === null ? null : em.getReference(User, state.technicianId),
    title: state.title,
    totalDuration: state.totalDuration,
    flagMinutes: state.flagMinutes,
    flagColor: state.flagColor,
    xpAmount: state.xpAmount,
    isManual: state.isManual,
    approvedBy: state.approvedById === null ? null : em.getReference(User, state.approvedById),
    approvedAt: date(state.approvedAt),
    assignedAt: date(state.assignedAt),
    startedAt: date(state.startedAt),
    finishedAt: date(state.finishedAt),
  });
}

async function rolesOf(em: EntityManager, userId: number) {
  const user = await em.findOne(User, { id: userId, isActive: true });
  if (!user) return null;
  const roles = await em.find(UserRole, { user: userId });
  return { id: user.id, roles: roles.map((r) => r.role) };
}

/** The transition an earlier attempt of this operation wrote, if any. */
async function alreadyApplied(em: EntityManager, ticketId: number, opKey: string) {
  return em.findOne(TicketTransition, { ticket: ticketId, metadata: { op_key: opKey } });
}

async function decide(
  em: EntityManager,
  ticket: TicketState,
  request: TicketActionRequest,
  at: number,
): Promise<{ result: TicketTransitionResult; rulesVersion: number | null }> {
  const { actor } = request;
  switch (request.action) {
    case 'approve_review':
      return { result: approveReview(ticket, actor, at), rulesVersion: null };
    case 'assign':
      return {
        result: assign(ticket, actor, { technician: await rolesOf(em, request.technicianId) }, at),
        rulesVersion: null,
      };
    case 'start': {
      const open = await em.count(WorkSession, { technician: actor.id, status: { $in: [...OPEN_SESSION_STATUSES] } });
      const ticketOpen = await em.count(WorkSession, {
        ticket: ticket.id,
        status: { $in: [...OPEN_SESSION_STATUSES] },
      });
      return {
        result: start(ticket, actor, { technicianHasOpenSession: open > 0, ticketHasOpenSession: ticketOpen > 0 }, at),
        rulesVersion: null,
      };
    }
    case 'send_to_qc': {
      const latest = await em.findOne(
        WorkSession,
        { ticket: ticket.id, technician: actor.id },
        { orderBy: { startedAt: 'desc', id: 'desc' } },
      );
      return {
        result: sendToQc(ticket, actor, { latestSessionStatus: latest?.status ?? null, metadata: request.metadata }),
        rulesVersion: null,
      };
    }
    case 'qc_pass': {
      const rules = await activeRules(em);
      const hadQcFail = (await em.count(TicketTransition, { ticket: ticket.id, action: 'qc_fail' })) > 0;
      const sessions = await em.find(WorkSession, { ticket: ticket.id });
      const totalActiveSeconds = sessions.reduce((sum, s) => sum + s.activeSeconds, 0);
      const facts = {
        rules: resolveTicketXpRules(rules.config),
        hadQcFail,
        totalActiveSeconds,
        metadata: request.metadata,
      };
      return { result: qcPass(ticket, actor, facts, at), rulesVersion: rules.version };
    }
    case 'qc_fail': {
      const rules = await activeRules(em);
      const metadata = { ...request.metadata, ...(request.reason ? { reason: request.reason } : {}) };
      return {
        result: qcFail(ticket, actor, { rules: resolveTicketXpRules(rules.config), metadata }),
        rulesVersion: rules.version,
      };
    }
    case 'manual_metrics':
      return { result: setManualMetrics(ticket, actor, request), rulesVersion: null };
  }
}

function notificationsFor(
  result: TicketTransitionResult,
  request: TicketActionRequest,
  at: number,
  details: JsonObject,
): TicketNotification[] {
  return result.effects.notifications.map((event) => ({
    event,
    ticketId: result.ticket.id,
    actorId: request.actor.id,
    at,
    details,
  }));
}

/** The actions a technician's or QC inspector's button makes, whose handler draws the card from the update's view. */
const PRESSED_ACTIONS: ReadonlySet<TicketActionRequest['action']> = new Set([
  'start',
  'send_to_qc',
  'qc_pass',
  'qc_fail',
]);

/**
 * The ticket's card as this transaction sees it: the view the update returns to the press. Staff actions (approval,
 * assignment, manual metrics) draw their own panels, so they neither read it nor carry it through the history.
 */
async function cardOf(
  em: EntityManager,
  ticketId: number,
  action: TicketActionRequest['action'],
): Promise<Pick<ApplyTicketActionResult, 'card'>> {
  if (!PRESSED_ACTIONS.has(action)) return {};
  const card = await ticketCardFacts(em, ticketId);
  return card ? { card } : {};
}

/** The ticket's latest session (the one a start opened last), as the workflows summarise it. */
async function latestSessionOf(em: EntityManager, ticketId: number): Promise<SessionSummary | null> {
  const latest = await em.findOne(
    WorkSession,
    { ticket: ticketId },
    { orderBy: { startedAt: 'desc', id: 'desc' }, fields: ['id', 'technician', 'status'] },
  );
  return latest ? { id: latest.id, technicianId: latest.technician.id, status: latest.status } : null;
}

export function createTicketActivities(deps: {
  orm: { em: EntityManager };
  logger: Logger;
  ticketNotifier?: Pick<TicketNotifier, 'queue' | 'queueRefresh' | 'refresh'>;
  /** Starts the work-session workflow of a session a start opened (absent: nothing is started). */
  temporal?: Client;
}) {
  /**
   * The work-session workflow of a session just opened. Not awaited by the press: Postgres holds the
   * session already, and a pause, resume or stop starts the workflow itself (update-with-start) should
   * this start be lost. USE_EXISTING makes a retried activity's second start a no-op.
   */
  function startSessionWorkflow(session: SessionSummary, ticketId: number, taskQueue: string): void {
    const temporal = deps.temporal;
    if (!temporal) return;
    const log = ticketLogger(deps.logger, ticketId);
    void (async () => {
      const em = deps.orm.em.fork();
      const ticket = await em.findOneOrFail(Ticket, ticketId, { populate: ['inventoryItem'] });
      const technician = await em.findOne(User, session.technicianId);
      const serial = ticket.inventoryItem.serialNumber;
      const technicianName = technician ? personName(technician) : null;
      await temporal.workflow.start('workSessionWorkflow', {
        ...workSessionStart({
          sessionId: session.id,
          ticketId,
          technicianId: session.technicianId,
          status: session.status,
          pauseBudgetExhaustsAt: null,
          serial,
          technicianName,
        }),
        taskQueue,
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
    })().catch((err: unknown) =>
      log.warn({ err, session_id: session.id }, 'work-session workflow not started; its first press starts it'),
    );
  }

  async function applyOnce(params: ApplyTicketActionParams): Promise<ApplyTicketActionResult> {
    const { ticketId, opKey, at, request } = params;
    return deps.orm.em.fork().transactional(async (em) => {
      const row = await em.findOneOrFail(
        Ticket,
        { id: ticketId, deletedAt: null },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      const current = toTicketState(row);

      const previous = await alreadyApplied(em, ticketId, opKey);
      if (previous) {
        const sessionId = previous.metadata.session_id;
        const session = typeof sessionId === 'number' ? await em.findOne(WorkSession, { id: sessionId }) : null;
        const startedSession: SessionSummary | null = session
          ? { id: session.id, technicianId: session.technician.id, status: session.status }
          : null;
        return {
          ticket: current,
          startedSession,
          notifications: [],
          ...(params.startsSessionWorkflow ? { latestSession: await latestSessionOf(em, ticketId) } : {}),
          ...(await cardOf(em, ticketId, request.action)),
        };
      }

      const { result, rulesVersion } = await decide(em, current, request, at);
      writeTicketState(em, row, result.ticket);
      if (result.effects.itemStatus) {
        await em.populate(row, ['inventoryItem']);
        row.inventoryItem.status = result.effects.itemStatus;
      }

      let startedSession: SessionSummary | null = null;
      const metadata: JsonObject = { ...(result.transition?.metadata ?? {}), op_key: opKey };
      if (rulesVersion !== null) metadata.rules_version = rulesVersion;
      if (result.effects.openSession) {
        const opened = result.effects.openSession;
        const session = em.create(WorkSession, {
          ticket: row,
          technician: em.getReference(User, opened.session.technicianId),
          status: 'running',
          startedAt: new Date(opened.session.startedAt),
          lastStartedAt: new Date(opened.session.startedAt),
          activeSeconds: 0,
        });
        em.create(WorkSessionTransition, {
          session,
          ticket: row,
          fromStatus: null,
          toStatus: 'running',
          action: 'started',
          actor: em.getReference(User, opened.transition.actorId),
          eventAt: new Date(opened.transition.eventAt),
          metadata: { op_key: opKey },
        });
        await em.flush();
        startedSession = { id: session.id, technicianId: opened.session.technicianId, status: 'running' };
        metadata.session_id = session.id;
      }

      const details: JsonObject = {};
      if (result.transition) {
        const transition = em.create(TicketTransition, {
          ticket: row,
          fromStatus: result.transition.fromStatus,
          toStatus: result.transition.toStatus,
          action: result.transition.action,
          actor: result.transition.actorId === null ? null : em.getReference(User, result.transition.actorId),
          note: request.action === 'qc_fail' ? (request.reason ?? '') : '',
          metadata,
          createdAt: new Date(at),
        });
        await em.flush();
        if (result.effects.xp) {
          for (const entry of xpEntriesForQcDecision(result.effects.xp, transition.id)) {
            await sqlRun(
              em,
              `insert into xp_transaction (user_id, amount, entry_type, reference, description, payload, created_at)
               values (?, ?, ?, ?, ?, ?, ?) on conflict (reference) do nothing`,
              [
                entry.userId,
                entry.amount,
                entry.entryType,
                entry.reference,
                entry.description,
                JSON.stringify(entry.payload),
                new Date(at),
              ],
            );
            details[entry.entryType] = entry.amount;
          }
        }
        if (request.action === 'qc_fail' && request.reason) details.reason = request.reason;
      }
      await em.flush();
      // Queued in this transaction, so each recipient's chat gets its notifications in commit order,
      // and then every copy of the ticket's messages is edited to the state committed here.
      const notifications = notificationsFor(result, request, at, details);
      const notifier = deps.ticketNotifier;
      const queued = notifier?.queue ? await notifier.queue(em, notifications) : notifications;
      await notifier?.queueRefresh?.(em, ticketId, at, request.actor.id, request.pressed);
      return {
        ticket: result.ticket,
        startedSession,
        notifications: queued,
        ...(params.startsSessionWorkflow ? { latestSession: await latestSessionOf(em, ticketId) } : {}),
        ...(await cardOf(em, ticketId, request.action)),
      };
    });
  }

  return {
    /** Applies one ticket action in one transaction (see the module comment). */
    async applyTicketAction(params: ApplyTicketActionParams): Promise<ApplyTicketActionResult> {
      try {
        const result = await applyOnce(params);
        // The chats waiting for this change (its refreshes, and its notifications when the lanes own
        // them) are woken here, after the commit, also by a retry after a crash past it. Runs recorded
        // before the lanes owned notifications leave a notifying change's wake to the workflow's notify.
        if (params.wakesLanes || result.notifications.length === 0) {
          await deps.ticketNotifier?.refresh?.(params.ticketId);
        }
        // After the commit (a retry after a lost start starts it again).
        if (params.startsSessionWorkflow && result.startedSession) {
          startSessionWorkflow(result.startedSession, params.ticketId, Context.current().info.taskQueue);
        }
        ticketLogger(deps.logger, params.ticketId).info(
          { action: params.request.action, status: result.ticket.status, op_key: params.opKey },
          'ticket action applied',
        );
        return result;
      } catch (err) {
        if (err instanceof DomainError) throw toDomainFailure(err);
        // The database settles races the early checks missed: two starts, two technicians.
        if (
          err instanceof UniqueConstraintViolationException &&
          /work_session_one_open_per_technician/.test(err.message)
        ) {
          throw toDomainFailure(new DomainError('ticket.technician_has_open_session'));
        }
        if (err instanceof UniqueConstraintViolationException && /work_session_one_open_per_ticket/.test(err.message)) {
          throw toDomainFailure(new DomainError('work_session.ticket_has_open_session'));
        }
        throw err;
      }
    },
  };
}
