// Ticket persistence: each action is one database transaction that re-checks the pure guard
// against the locked row, writes the transition and its side effects, and is idempotent per
// operation key (an activity retried after its commit returns what it did the first time).
// Plain SQL, no entities: a press is on the worker's hot path, and the ORM's hydration and unit of
// work cost more CPU than the few statements it takes (lock, facts, one write, the card; issue 14).
import { NotFoundError } from '@mikro-orm/core';
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
  type RoleSlug,
  sendToQc,
  setManualMetrics,
  start,
  type TicketState,
  type TicketTransitionResult,
  type WorkSessionStatus,
  type XpEntryDraft,
  xpEntriesForQcDecision,
  personName,
} from '../src/domain';
import { databaseErrorOf } from '../src/db/errors';
import { epochMsSql, sql, sqlOne, sqlRun } from '../src/db/sql';
import { ticketLogger, type Logger } from '../src/logger';
import type { TicketNotifier } from '../src/notify/notifier';
import { activeRules } from '../src/reads/rules-store';
import { OPEN_SESSION_STATUS_LIST, ticketCardFacts } from '../src/reads/ticket-queries';
import { toDomainFailure } from '../src/contracts/failures';
import { workSessionStart, type SessionSummary } from '../src/contracts/messages';
import type {
  ApplyTicketActionParams,
  ApplyTicketActionResult,
  TicketActionRequest,
  TicketNotification,
} from '../src/contracts/tickets';

/** The locked ticket row, with what a session's workflow start names: its item's serial, its technician. */
interface LockedTicketRow {
  id: number;
  status: TicketState['status'];
  inventory_item_id: number;
  master_id: number;
  technician_id: number | null;
  title: string | null;
  total_duration: number;
  flag_minutes: number;
  flag_color: TicketState['flagColor'];
  xp_amount: number;
  is_manual: boolean;
  approved_by_id: number | null;
  approved_at: Date | null;
  assigned_at: Date | null;
  started_at: Date | null;
  finished_at: Date | null;
  serial_number: string;
  technician_first_name: string | null;
  technician_last_name: string | null;
  technician_username: string | null;
}

/** What a session's workflow start names besides ids (see workSessionStart). */
interface SessionNames {
  serial: string;
  /** The technician's name as the other session workflow starts write it (null: not known here). */
  technicianName: string | null;
}

interface LockedTicket {
  state: TicketState;
  serial: string;
  /** The assigned technician's name (null when none is assigned). */
  technicianName: string | null;
}

/** The guards' view of the locked row (times as epoch ms). */
function ticketStateOf(row: LockedTicketRow): TicketState {
  const ms = (date: Date | null) => (date === null ? null : new Date(date).getTime());
  return {
    id: Number(row.id),
    status: row.status,
    inventoryItemId: Number(row.inventory_item_id),
    masterId: Number(row.master_id),
    technicianId: row.technician_id === null ? null : Number(row.technician_id),
    title: row.title,
    totalDuration: Number(row.total_duration),
    flagMinutes: Number(row.flag_minutes),
    flagColor: row.flag_color,
    xpAmount: Number(row.xp_amount),
    isManual: row.is_manual,
    approvedById: row.approved_by_id === null ? null : Number(row.approved_by_id),
    approvedAt: ms(row.approved_at),
    assignedAt: ms(row.assigned_at),
    startedAt: ms(row.started_at),
    finishedAt: ms(row.finished_at),
  };
}

/**
 * Locks the ticket row for the transaction and reads it. The item and the technician are joined
 * outside the locking subquery: only the ticket is locked, and they are read for the ticket's
 * version the lock returns (a row changed while this waited for it).
 */
async function lockTicket(em: EntityManager, ticketId: number): Promise<LockedTicket> {
  const row = await sqlOne<LockedTicketRow>(
    em,
    `select t.id, t.status, t.inventory_item_id, t.master_id, t.technician_id, t.title, t.total_duration,
       t.flag_minutes, t.flag_color, t.xp_amount, t.is_manual, t.approved_by_id, t.approved_at, t.assigned_at,
       t.started_at, t.finished_at, i.serial_number, u.first_name as technician_first_name,
       u.last_name as technician_last_name, u.username as technician_username
     from (select * from ticket where id = ? and deleted_at is null for update) t
     join inventory_item i on i.id = t.inventory_item_id
     left join app_user u on u.id = t.technician_id`,
    [ticketId],
  );
  if (!row) throw NotFoundError.findOneFailed('Ticket', { id: ticketId, deletedAt: null });
  const technicianName =
    row.technician_id === null
      ? null
      : personName({
          id: Number(row.technician_id),
          firstName: row.technician_first_name,
          lastName: row.technician_last_name,
          username: row.technician_username,
        });
  return { state: ticketStateOf(row), serial: row.serial_number, technicianName };
}

/** The ticket's latest session (the one a start opened last), with its start for ordering. */
interface LatestSession extends SessionSummary {
  startedAt: number;
}

/** What the transaction reads once it holds the lock, in one statement (see readFacts). */
interface FactsRow {
  /** The metadata of the transition an earlier attempt of this operation wrote, if any. */
  previous: JsonObject | null;
  /** Read only when the workflow wants the latest session back (startsSessionWorkflow). */
  latest_session?: LatestSession | null;
  technician_has_open_session?: boolean;
  ticket_has_open_session?: boolean;
  actor_latest_session_status?: WorkSessionStatus | null;
  had_qc_fail?: boolean;
  total_active_seconds?: number | string;
  assignee?: { id: number; roles: RoleSlug[] | null } | null;
}

const OPEN_SESSION = `status in (${OPEN_SESSION_STATUS_LIST})`;

/** The facts the action's guard reads, as select-list columns of readFacts' statement. */
function guardFactColumns(ticketId: number, request: TicketActionRequest): { columns: string[]; params: unknown[] } {
  switch (request.action) {
    case 'assign':
      return {
        columns: [
          `(select jsonb_build_object('id', u.id, 'roles', (select jsonb_agg(r.role) from user_role r where r.user_id = u.id))
            from app_user u where u.id = ? and u.is_active) as assignee`,
        ],
        params: [request.technicianId],
      };
    case 'start':
      return {
        columns: [
          `exists (select 1 from work_session where technician_id = ? and ${OPEN_SESSION}) as technician_has_open_session`,
          `exists (select 1 from work_session where ticket_id = ? and ${OPEN_SESSION}) as ticket_has_open_session`,
        ],
        params: [request.actor.id, ticketId],
      };
    case 'send_to_qc':
      return {
        columns: [
          `(select status from work_session where ticket_id = ? and technician_id = ?
            order by started_at desc, id desc limit 1) as actor_latest_session_status`,
        ],
        params: [ticketId, request.actor.id],
      };
    case 'qc_pass':
      return {
        columns: [
          `exists (select 1 from ticket_transition where ticket_id = ? and action = 'qc_fail') as had_qc_fail`,
          `(select coalesce(sum(active_seconds), 0) from work_session where ticket_id = ?) as total_active_seconds`,
        ],
        params: [ticketId, ticketId],
      };
    default:
      return { columns: [], params: [] };
  }
}

/** The ticket's latest session, as a select-list column of readFacts' statement. */
const LATEST_SESSION_COLUMN = `(select jsonb_build_object('id', id, 'technicianId', technician_id, 'status', status,
                                 'startedAt', ${epochMsSql('started_at')})
   from work_session where ticket_id = ? order by started_at desc, id desc limit 1) as latest_session`;

/**
 * After the lock, one statement reads an earlier attempt's transition (idempotency per operation
 * key), the ticket's latest session when the workflow wants it back, and the action's guard facts.
 * A statement of its own, not part of the lock's: under read committed it sees what a transaction
 * that held the lock before this one committed.
 */
async function readFacts(em: EntityManager, params: ApplyTicketActionParams): Promise<FactsRow> {
  const { ticketId, opKey, request } = params;
  const guard = guardFactColumns(ticketId, request);
  const latest = params.startsSessionWorkflow ? [LATEST_SESSION_COLUMN] : [];
  const [row] = await sql<FactsRow>(
    em,
    `select (select metadata from ticket_transition where ticket_id = ? and metadata ->> 'op_key' = ? limit 1) as previous
       ${[...latest, ...guard.columns].map((column) => `, ${column}`).join('')}`,
    [ticketId, opKey, ...(params.startsSessionWorkflow ? [ticketId] : []), ...guard.params],
  );
  return row;
}

async function decide(
  em: EntityManager,
  ticket: TicketState,
  request: TicketActionRequest,
  at: number,
  facts: FactsRow,
): Promise<{ result: TicketTransitionResult; rulesVersion: number | null }> {
  const { actor } = request;
  switch (request.action) {
    case 'approve_review':
      return { result: approveReview(ticket, actor, at), rulesVersion: null };
    case 'assign': {
      const assignee = facts.assignee ? { id: Number(facts.assignee.id), roles: facts.assignee.roles ?? [] } : null;
      return { result: assign(ticket, actor, { technician: assignee }, at), rulesVersion: null };
    }
    case 'start':
      return {
        result: start(
          ticket,
          actor,
          {
            technicianHasOpenSession: facts.technician_has_open_session === true,
            ticketHasOpenSession: facts.ticket_has_open_session === true,
          },
          at,
        ),
        rulesVersion: null,
      };
    case 'send_to_qc':
      return {
        result: sendToQc(ticket, actor, {
          latestSessionStatus: facts.actor_latest_session_status ?? null,
          metadata: request.metadata,
        }),
        rulesVersion: null,
      };
    case 'qc_pass': {
      const rules = await activeRules(em);
      const qcFacts = {
        rules: resolveTicketXpRules(rules.config),
        hadQcFail: facts.had_qc_fail === true,
        totalActiveSeconds: Number(facts.total_active_seconds ?? 0),
        metadata: request.metadata,
      };
      return { result: qcPass(ticket, actor, qcFacts, at), rulesVersion: rules.version };
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

/** The ticket's columns a transition writes, and how each is stored. */
const TICKET_COLUMNS: readonly (readonly [keyof TicketState, string])[] = [
  ['status', 'status'],
  ['technicianId', 'technician_id'],
  ['title', 'title'],
  ['totalDuration', 'total_duration'],
  ['flagMinutes', 'flag_minutes'],
  ['flagColor', 'flag_color'],
  ['xpAmount', 'xp_amount'],
  ['isManual', 'is_manual'],
  ['approvedById', 'approved_by_id'],
  ['approvedAt', 'approved_at'],
  ['assignedAt', 'assigned_at'],
  ['startedAt', 'started_at'],
  ['finishedAt', 'finished_at'],
];
const TICKET_TIME_FIELDS: ReadonlySet<keyof TicketState> = new Set([
  'approvedAt',
  'assignedAt',
  'startedAt',
  'finishedAt',
]);

/**
 * Writes a decided transition in one statement: the ticket's changed columns (none changed: no
 * update, so updated_at stays), the item's status, the session a start opens with its `started`
 * transition, and the ticket transition (naming the opened session). Returns the new rows' ids.
 */
async function writeTransition(
  em: EntityManager,
  current: TicketState,
  result: TicketTransitionResult,
  options: { metadata: JsonObject; note: string; at: number; opKey: string },
): Promise<{ sessionId: number | null; transitionId: number | null }> {
  const steps: string[] = [];
  const params: unknown[] = [];
  const next = result.ticket;
  const changed = TICKET_COLUMNS.filter(([field]) => current[field] !== next[field]);
  if (changed.length > 0) {
    steps.push(
      `ticket_update as (update ticket set ${changed.map(([, column]) => `${column} = ?, `).join('')}updated_at = now()
        where id = ?)`,
    );
    for (const [field] of changed) {
      const value = next[field];
      params.push(TICKET_TIME_FIELDS.has(field) && value !== null ? new Date(value as number) : value);
    }
    params.push(current.id);
  }
  const { itemStatus, openSession } = result.effects;
  if (itemStatus) {
    steps.push(`item_update as (update inventory_item set status = ? where id = ? and status <> ?)`);
    params.push(itemStatus, current.inventoryItemId, itemStatus);
  }
  if (openSession) {
    const startedAt = new Date(openSession.session.startedAt);
    steps.push(
      `opened as (insert into work_session (ticket_id, technician_id, status, started_at, last_started_at, active_seconds)
        values (?, ?, 'running', ?, ?, 0) returning id)`,
      `opened_transition as (insert into work_session_transition
          (session_id, ticket_id, from_status, to_status, action, actor_id, event_at, metadata)
        select id, ?, null, 'running', 'started', ?, ?, ?::jsonb from opened)`,
    );
    params.push(current.id, openSession.session.technicianId, startedAt, startedAt);
    params.push(
      current.id,
      openSession.transition.actorId,
      new Date(openSession.transition.eventAt),
      JSON.stringify({ op_key: options.opKey }),
    );
  }
  const record = result.transition;
  if (record) {
    const openedId = openSession ? ` || jsonb_build_object('session_id', (select id from opened))` : '';
    steps.push(
      `recorded as (insert into ticket_transition
          (ticket_id, from_status, to_status, action, actor_id, note, metadata, created_at)
        values (?, ?, ?, ?, ?, ?, ?::jsonb${openedId}, ?) returning id)`,
    );
    params.push(
      current.id,
      record.fromStatus,
      record.toStatus,
      record.action,
      record.actorId,
      options.note,
      JSON.stringify(options.metadata),
      new Date(options.at),
    );
  }
  if (steps.length === 0) return { sessionId: null, transitionId: null };
  const ids = await sqlOne<{ session_id: number | null; transition_id: number | null }>(
    em,
    `with ${steps.join(', ')}
     select ${openSession ? '(select id from opened)' : 'null::int'} as session_id,
            ${record ? '(select id from recorded)' : 'null::int'} as transition_id`,
    params,
  );
  const id = (value: number | null | undefined) => (value === null || value === undefined ? null : Number(value));
  return { sessionId: id(ids?.session_id), transitionId: id(ids?.transition_id) };
}

/** Writes a QC decision's XP entries (one statement); a repeated entry (same reference) is skipped. */
async function writeXp(em: EntityManager, entries: readonly XpEntryDraft[], at: number): Promise<void> {
  if (entries.length === 0) return;
  await sqlRun(
    em,
    `insert into xp_transaction (user_id, amount, entry_type, reference, description, payload, created_at)
     values ${entries.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')} on conflict (reference) do nothing`,
    entries.flatMap((entry) => [
      entry.userId,
      entry.amount,
      entry.entryType,
      entry.reference,
      entry.description,
      JSON.stringify(entry.payload),
      new Date(at),
    ]),
  );
}

/** The session an earlier attempt of this operation opened. */
async function sessionSummary(em: EntityManager, sessionId: number): Promise<SessionSummary | null> {
  const row = await sqlOne<{ id: number; technician_id: number; status: WorkSessionStatus }>(
    em,
    'select id, technician_id, status from work_session where id = ?',
    [sessionId],
  );
  return row ? { id: Number(row.id), technicianId: Number(row.technician_id), status: row.status } : null;
}

/**
 * The ticket's latest session as committed, from the one read before the writes: a session this
 * transaction opened is the latest (its id is the highest) unless the one before it started later.
 */
function latestSessionAfter(
  before: LatestSession | null | undefined,
  opened: (SessionSummary & { startedAt: number }) | null,
): SessionSummary | null {
  if (opened && !(before && Number(before.startedAt) > opened.startedAt)) {
    return { id: opened.id, technicianId: opened.technicianId, status: opened.status };
  }
  return before ? { id: Number(before.id), technicianId: Number(before.technicianId), status: before.status } : null;
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
  function startSessionWorkflow(session: SessionSummary, ticketId: number, named: SessionNames, taskQueue: string) {
    const temporal = deps.temporal;
    if (!temporal) return;
    temporal.workflow
      .start('workSessionWorkflow', {
        ...workSessionStart({
          sessionId: session.id,
          ticketId,
          technicianId: session.technicianId,
          status: session.status,
          pauseBudgetExhaustsAt: null,
          ...named,
        }),
        taskQueue,
        workflowIdConflictPolicy: 'USE_EXISTING',
      })
      .catch((err: unknown) =>
        ticketLogger(deps.logger, ticketId).warn(
          { err, session_id: session.id },
          'work-session workflow not started; its first press starts it',
        ),
      );
  }

  async function applyOnce(
    params: ApplyTicketActionParams,
  ): Promise<{ result: ApplyTicketActionResult; named: SessionNames; wakesChats: boolean }> {
    const { ticketId, opKey, at, request } = params;
    return deps.orm.em.fork().transactional(async (em) => {
      const locked = await lockTicket(em, ticketId);
      const current = locked.state;
      const facts = await readFacts(em, params);
      const technicianName = (session: SessionSummary | null) =>
        session !== null && session.technicianId === current.technicianId ? locked.technicianName : null;

      if (facts.previous) {
        const sessionId = facts.previous.session_id;
        const startedSession = typeof sessionId === 'number' ? await sessionSummary(em, sessionId) : null;
        const result: ApplyTicketActionResult = {
          ticket: current,
          startedSession,
          notifications: [],
          ...(params.startsSessionWorkflow ? { latestSession: latestSessionAfter(facts.latest_session, null) } : {}),
          ...(await cardOf(em, ticketId, request.action)),
        };
        // A retry after a crash between the commit and the wake: wake what the first attempt queued.
        return {
          result,
          named: { serial: locked.serial, technicianName: technicianName(startedSession) },
          wakesChats: true,
        };
      }

      const { result, rulesVersion } = await decide(em, current, request, at, facts);
      const metadata: JsonObject = { ...(result.transition?.metadata ?? {}), op_key: opKey };
      if (rulesVersion !== null) metadata.rules_version = rulesVersion;
      const written = await writeTransition(em, current, result, {
        metadata,
        note: request.action === 'qc_fail' ? (request.reason ?? '') : '',
        at,
        opKey,
      });

      const opened = result.effects.openSession;
      const startedSession: SessionSummary | null =
        opened && written.sessionId !== null
          ? { id: written.sessionId, technicianId: opened.session.technicianId, status: 'running' }
          : null;
      const details: JsonObject = {};
      if (result.effects.xp && written.transitionId !== null) {
        const entries = xpEntriesForQcDecision(result.effects.xp, written.transitionId);
        await writeXp(em, entries, at);
        for (const entry of entries) details[entry.entryType] = entry.amount;
      }
      if (result.transition && request.action === 'qc_fail' && request.reason) details.reason = request.reason;
      // Queued in this transaction, so each recipient's chat gets its notifications in commit order,
      // and then every copy of the ticket's messages is edited to the state committed here.
      const notifications = notificationsFor(result, request, at, details);
      const notifier = deps.ticketNotifier;
      const queued = notifier?.queue ? await notifier.queue(em, notifications) : notifications;
      const refreshed = (await notifier?.queueRefresh?.(em, ticketId, at, request.actor.id, request.pressed)) ?? 0;
      return {
        result: {
          ticket: result.ticket,
          startedSession,
          notifications: queued,
          ...(params.startsSessionWorkflow
            ? {
                latestSession: latestSessionAfter(
                  facts.latest_session,
                  startedSession && opened ? { ...startedSession, startedAt: opened.session.startedAt } : null,
                ),
              }
            : {}),
          ...(await cardOf(em, ticketId, request.action)),
        },
        named: { serial: locked.serial, technicianName: technicianName(startedSession) },
        wakesChats: queued.some((notification) => notification.queued) || refreshed > 0,
      };
    });
  }

  return {
    /** Applies one ticket action in one transaction (see the module comment). */
    async applyTicketAction(params: ApplyTicketActionParams): Promise<ApplyTicketActionResult> {
      try {
        const { result, named, wakesChats } = await applyOnce(params);
        // The chats waiting for this change (its refreshes, and its notifications when the lanes own
        // them) are woken here, after the commit, also by a retry after a crash past it; a change that
        // queued nothing (the pressed card was the ticket's only copy) wakes nobody. Runs recorded
        // before the lanes owned notifications leave a notifying change's wake to the workflow's notify.
        if (wakesChats && (params.wakesLanes || result.notifications.length === 0)) {
          await deps.ticketNotifier?.refresh?.(params.ticketId);
        }
        // After the commit (a retry after a lost start starts it again).
        if (params.startsSessionWorkflow && result.startedSession) {
          startSessionWorkflow(result.startedSession, params.ticketId, named, Context.current().info.taskQueue);
        }
        ticketLogger(deps.logger, params.ticketId).info(
          { action: params.request.action, status: result.ticket.status, op_key: params.opKey },
          'ticket action applied',
        );
        return result;
      } catch (err) {
        if (err instanceof DomainError) throw toDomainFailure(err);
        // The database settles races the early checks missed: two starts, two technicians.
        const violated = databaseErrorOf(err);
        if (violated?.sqlState === '23505' && violated.constraint === 'work_session_one_open_per_technician') {
          throw toDomainFailure(new DomainError('ticket.technician_has_open_session'));
        }
        if (violated?.sqlState === '23505' && violated.constraint === 'work_session_one_open_per_ticket') {
          throw toDomainFailure(new DomainError('work_session.ticket_has_open_session'));
        }
        throw err;
      }
    },
  };
}
