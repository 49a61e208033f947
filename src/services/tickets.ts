// The one entry point the bot and the REST API use for ticket and work-session actions: executes
// a Temporal update as an actor, with a deadline and the caller's update id (a repeated Telegram
// callback is applied once), and maps failures to DomainError / NotFoundError / ServiceUnavailableError.
import { type Client, WithStartWorkflowOperation, WorkflowNotFoundError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type Actor,
  createTicket,
  DomainError,
  type JsonObject,
  type ManualMetricsInput as DomainManualMetrics,
  normalizeSerial,
  OPEN_SESSION_STATUSES,
  type PartSpecInput,
  personName,
  resolveTicketXpRules,
  type TicketColor,
  type TicketStatus,
} from '../domain';
import type { InlineKeyboardMarkup } from 'grammy/types';
import {
  Category,
  Inventory,
  InventoryItem,
  InventoryItemPart,
  Ticket,
  TicketPartSpec,
  TicketTransition,
  User,
  WorkSession,
} from '../db/entities';
import type { Orm } from '../db/orm';
import { sql, sqlOne } from '../db/sql';
import type { Logger } from '../logger';
import { callTemporal } from './temporal-call';
import { guardedTicketUpdates, type GuardedTicketUpdate } from '../contracts/ticket-guards';
import { ItemSerialKey, TechnicianIdKey, TicketStatusKey } from '../contracts/search-attributes';
import { toTicketState } from '../domain';
import {
  pauseUpdate,
  resumeUpdate,
  stopUpdate,
  TICKET_WORKFLOW_VERSION,
  ticketWorkflowId,
  workSessionStart,
  workSessionWorkflowId,
  type ActorInput,
  type PressedMessage,
  type SessionSummary,
  type TicketView,
  type TicketWorkflowInput,
  type WorkSessionView,
} from '../contracts/messages';
import type { ticketWorkflow, workSessionWorkflow } from '../../workflows';
import { activeRules } from '../reads/rules-store';
import { OPEN_SESSION_STATUS_LIST } from '../reads/ticket-queries';
import { fingerprintOf, forgetTicketMessage, queueChatRefresh, recordTicketMessage } from '../notify/ticket-messages';
import { wakeChatLanes } from '../notify/outbox';
import type { TicketMessageKind } from '../db/entities';
import { NotFoundError } from './errors';
import { type PressIntent, type PressOutcome, pressOutcome } from './press-outcome';

export type { PressIntent, PressOutcome } from './press-outcome';

export interface ActionOptions {
  /** Idempotency key: the Telegram callback query id, or an API request id. */
  updateId?: string;
  /** How long the caller waits for the workflow (default 15 s). */
  deadlineMs?: number;
  /** Extra transition metadata, e.g. {source: 'telegram_bot', channel: 'technician_callback'}. */
  metadata?: JsonObject;
  /** A bot press: the message it edits itself from the update's view (see PressedMessage). */
  pressed?: PressedMessage;
}

/** What every ticket and work-session update carries from the caller. */
const actorInput = (actor: Actor, options: ActionOptions): ActorInput => ({
  actor,
  metadata: options.metadata,
  ...(options.pressed ? { pressed: options.pressed } : {}),
});

export interface CreateTicketRequest {
  serial: string;
  partSpecs: PartSpecInput[];
  manual?: DomainManualMetrics;
  approveReview?: boolean;
  title?: string | null;
  confirmCreateItem?: boolean;
  itemCreationReason?: string | null;
}

export interface TicketServiceDeps {
  orm: Orm;
  temporal: Client;
  logger: Logger;
  config: { temporal: { taskQueue: string }; qcSlaMinutes: number };
}

/** A message that now shows a ticket's card or panel with its buttons (see src/notify/ticket-messages). */
export interface DrawnCopy {
  ticketId: number;
  status: TicketStatus;
  chatId: number;
  messageId: number;
  /** Whom it was drawn for, in which language. */
  userId: number;
  locale: string;
  kind: Exclude<TicketMessageKind, 'notification'>;
  /** How to draw it again (the list it goes back to). */
  context: JsonObject;
  /** What it shows now. */
  view: { text: string; reply_markup?: InlineKeyboardMarkup | undefined };
}

const DEFAULT_DEADLINE_MS = 15_000;
const DEFAULT_INVENTORY_NAME = 'Default';
const SERIAL_SUGGESTION_POOL = 2_000;

export class TicketService {
  constructor(private readonly deps: TicketServiceDeps) {}

  private em(): EntityManager {
    return this.deps.orm.em.fork() as EntityManager;
  }

  // ------------------------------------------------------------------------------------------
  // T0: intake. One transaction (item, ticket, part specs, `created` transition), then the
  // ticket's workflow starts. Should that start fail, the first action on the ticket starts it.

  async createTicket(actor: Actor, request: CreateTicketRequest): Promise<TicketView> {
    const em = this.em();
    const view = await em.transactional(async (tx) => {
      const serial = normalizeSerial(request.serial);
      const item = await tx.findOne(InventoryItem, { serialNumber: serial }, { populate: ['category'] });
      const live = item && item.isActive && !item.archivedAt ? item : null;
      const hasActiveTicket = live
        ? (await tx.count(Ticket, { inventoryItem: live.id, status: { $ne: 'done' }, deletedAt: null })) > 0
        : false;
      const knownSerials = live
        ? []
        : (
            await tx.find(
              InventoryItem,
              { isActive: true },
              { fields: ['serialNumber'], limit: SERIAL_SUGGESTION_POOL },
            )
          ).map((i) => i.serialNumber);
      const partIds = request.partSpecs.map((spec) => spec.partId);
      // An archived part is unknown to intake (its old tickets keep it).
      const parts = partIds.length ? await tx.find(InventoryItemPart, { id: { $in: partIds }, archivedAt: null }) : [];
      // Only the item's own parts count when the item exists; a new item takes its parts' names.
      const knownParts = parts
        .filter((part) => !live || part.item.id === live.id)
        .map((part) => ({ id: part.id, categoryId: part.category.id }));
      const rules = await activeRules(tx);

      const created = createTicket({
        actor,
        serial: {
          rawSerial: request.serial,
          item: live ? { id: live.id, categoryId: live.category.id, hasActiveTicket } : null,
          archived: !!item && !live,
          confirmCreate: request.confirmCreateItem ?? false,
          creationReason: request.itemCreationReason,
          knownSerials,
        },
        partSpecs: request.partSpecs,
        knownParts,
        manual: request.manual,
        approveReview: request.approveReview,
        title: request.title,
        rules: resolveTicketXpRules(rules.config),
        now: Date.now(),
      });

      let itemRow: InventoryItem;
      const partIdMap = new Map<number, number>();
      if (created.item.kind === 'existing') {
        itemRow = tx.getReference(InventoryItem, created.item.itemId);
        for (const spec of created.partSpecs) partIdMap.set(spec.partId, spec.partId);
      } else {
        const inventory =
          (await tx.findOne(Inventory, { name: DEFAULT_INVENTORY_NAME })) ??
          tx.create(Inventory, { name: DEFAULT_INVENTORY_NAME });
        const category = tx.getReference(Category, created.item.categoryId);
        itemRow = tx.create(InventoryItem, {
          inventory,
          category,
          serialNumber: created.item.serial,
          name: created.item.serial,
        });
        for (const spec of created.partSpecs) {
          const source = parts.find((p) => p.id === spec.partId)!;
          const copy = tx.create(InventoryItemPart, { item: itemRow, category, name: source.name });
          await tx.flush();
          partIdMap.set(spec.partId, copy.id);
        }
      }
      const { ticket: draft } = created;
      const ticketRow = tx.create(Ticket, {
        inventoryItem: itemRow,
        master: tx.getReference(User, actor.id),
        title: draft.title,
        totalDuration: draft.totalDuration,
        flagMinutes: draft.flagMinutes,
        flagColor: draft.flagColor,
        xpAmount: draft.xpAmount,
        isManual: draft.isManual,
        approvedBy: draft.approvedById === null ? null : tx.getReference(User, draft.approvedById),
        approvedAt: draft.approvedAt === null ? null : new Date(draft.approvedAt),
        status: draft.status,
      });
      for (const spec of created.partSpecs) {
        tx.create(TicketPartSpec, {
          ticket: ticketRow,
          part: tx.getReference(InventoryItemPart, partIdMap.get(spec.partId)!),
          color: spec.color,
          minutes: spec.minutes,
          comment: spec.comment,
        });
      }
      tx.create(TicketTransition, {
        ticket: ticketRow,
        fromStatus: null,
        toStatus: created.transition.toStatus,
        action: 'created',
        actor: tx.getReference(User, actor.id),
        metadata: { ...created.transition.metadata, rules_version: rules.version },
      });
      await tx.flush();
      return {
        ticket: { ...draft, id: ticketRow.id, inventoryItemId: itemRow.id },
        serial: created.item.serial,
        session: null,
      };
    });
    await this.startWorkflow(this.workflowInput(view)).catch((err: unknown) =>
      this.deps.logger.warn(
        { err, ticket_id: view.ticket.id },
        'ticket workflow not started yet; the first action starts it',
      ),
    );
    return view;
  }

  // ------------------------------------------------------------------------------------------
  // Ticket updates (T1–T7)

  approveReview(actor: Actor, ticketId: number, options: ActionOptions = {}): Promise<TicketView> {
    return this.updateTicket(ticketId, guardedTicketUpdates.approveReview, actorInput(actor, options), options);
  }

  async assign(actor: Actor, ticketId: number, technicianId: number, options: ActionOptions = {}): Promise<TicketView> {
    const technician = await this.userWithRoles(technicianId);
    return this.updateTicket(
      ticketId,
      guardedTicketUpdates.assign,
      { ...actorInput(actor, options), technician },
      options,
    );
  }

  async start(actor: Actor, ticketId: number, options: ActionOptions = {}): Promise<TicketView> {
    // The validator's one outside fact: whether the technician already works on a session.
    const open = await sqlOne<{ has_open: boolean }>(
      this.em(),
      `select exists(select 1 from work_session
                      where technician_id = ? and status in (${OPEN_SESSION_STATUS_LIST})) as has_open`,
      [actor.id],
    );
    return this.updateTicket(
      ticketId,
      guardedTicketUpdates.start,
      { ...actorInput(actor, options), technicianHasOpenSession: open?.has_open === true },
      options,
    );
  }

  sendToQc(actor: Actor, ticketId: number, options: ActionOptions = {}): Promise<TicketView> {
    return this.updateTicket(ticketId, guardedTicketUpdates.sendToQc, actorInput(actor, options), options);
  }

  qcPass(actor: Actor, ticketId: number, options: ActionOptions = {}): Promise<TicketView> {
    return this.updateTicket(ticketId, guardedTicketUpdates.qcPass, actorInput(actor, options), options);
  }

  qcFail(actor: Actor, ticketId: number, reason: string | null, options: ActionOptions = {}): Promise<TicketView> {
    return this.updateTicket(ticketId, guardedTicketUpdates.qcFail, { ...actorInput(actor, options), reason }, options);
  }

  setManualMetrics(
    actor: Actor,
    ticketId: number,
    metrics: { flagColor: TicketColor; xpAmount: number },
    options: ActionOptions = {},
  ): Promise<TicketView> {
    return this.updateTicket(
      ticketId,
      guardedTicketUpdates.manualMetrics,
      { ...actorInput(actor, options), ...metrics },
      options,
    );
  }

  // ------------------------------------------------------------------------------------------
  // Work-session updates, on the actor's open session of the ticket

  pause(actor: Actor, ticketId: number, options: ActionOptions = {}): Promise<WorkSessionView> {
    return this.updateSession(actor, ticketId, pauseUpdate, options);
  }

  resume(actor: Actor, ticketId: number, options: ActionOptions = {}): Promise<WorkSessionView> {
    return this.updateSession(actor, ticketId, resumeUpdate, options);
  }

  stop(actor: Actor, ticketId: number, options: ActionOptions = {}): Promise<WorkSessionView> {
    return this.updateSession(actor, ticketId, stopUpdate, options);
  }

  // ------------------------------------------------------------------------------------------
  // After a press

  /** What a refused press met: its own redelivered work, the ticket already where it wanted, or a refusal. */
  pressOutcome(ticketId: number, updateId: string, intent: PressIntent): Promise<PressOutcome> {
    return pressOutcome(this.em(), ticketId, updateId, intent);
  }

  /** The message now shows this ticket: the ticket's changes edit it from now on. */
  async rememberCopy(copy: DrawnCopy): Promise<void> {
    const { status, view, ...record } = copy;
    const refreshQueued = await recordTicketMessage(this.em(), { ...record, fingerprint: fingerprintOf(status, view) });
    // The ticket changed between drawing the copy and this record: its chat's lane redraws it.
    if (refreshQueued) await wakeChatLanes(this.deps.temporal, this.deps.config.temporal.taskQueue, [copy.chatId]);
  }

  /**
   * A press's own edit of its message failed, so the change's refresh (which left that message to
   * the press) did not bring it up to date: one more refresh of the chat's copies, pressed message
   * included, goes to the chat's lane.
   */
  async refreshCopiesIn(ticketId: number, chatId: number): Promise<void> {
    const queued = await this.em().transactional((em) => queueChatRefresh(em, ticketId, chatId, Date.now()));
    if (queued) await wakeChatLanes(this.deps.temporal, this.deps.config.temporal.taskQueue, [chatId]);
  }

  /** The message shows something else now: no ticket's changes edit it any more. */
  forgetCopy(chatId: number, messageId: number): Promise<void> {
    return forgetTicketMessage(this.em(), chatId, messageId);
  }

  // ------------------------------------------------------------------------------------------

  private async userWithRoles(userId: number): Promise<{ id: number; roles: Actor['roles']; name: string } | null> {
    const user = await this.em().findOne(User, { id: userId, isActive: true }, { populate: ['roles'] });
    return user ? { id: user.id, roles: user.roles.getItems().map((r) => r.role), name: personName(user) } : null;
  }

  /**
   * The ticket as Postgres has it: the start arguments should its workflow need (re)starting, and
   * its technician's name for the workflow's Web UI card (the workflow holds only ids).
   */
  private async snapshot(ticketId: number): Promise<TicketView & { technicianName: string | null }> {
    const em = this.em();
    const row = await em.findOne(
      Ticket,
      { id: ticketId, deletedAt: null },
      { populate: ['inventoryItem', 'technician'] },
    );
    if (!row) throw new NotFoundError('Ticket', ticketId);
    const latest = await em.findOne(WorkSession, { ticket: ticketId }, { orderBy: { startedAt: 'desc', id: 'desc' } });
    const session: SessionSummary | null = latest
      ? { id: latest.id, technicianId: latest.technician.id, status: latest.status }
      : null;
    return {
      ticket: toTicketState(row),
      serial: row.inventoryItem.serialNumber,
      session,
      technicianName: row.technician ? personName(row.technician) : null,
    };
  }

  private workflowInput(view: TicketView, technicianName: string | null = null): TicketWorkflowInput {
    return { version: TICKET_WORKFLOW_VERSION, ...view, qcSlaMinutes: this.deps.config.qcSlaMinutes, technicianName };
  }

  private startOptions(input: TicketWorkflowInput) {
    const { ticket, serial } = input;
    return {
      workflowId: ticketWorkflowId(ticket.id),
      taskQueue: this.deps.config.temporal.taskQueue,
      args: [input] as [TicketWorkflowInput],
      workflowIdConflictPolicy: 'USE_EXISTING' as const,
      staticSummary: `Ticket #${ticket.id} · ${serial}`,
      staticDetails: [
        `**Ticket #${ticket.id}** on item \`${serial}\``,
        '',
        `Its work sessions too: \`ItemSerial = '${serial}'\`.`,
      ].join('\n'),
      typedSearchAttributes: [
        { key: TicketStatusKey, value: ticket.status },
        { key: ItemSerialKey, value: serial },
        ...(ticket.technicianId === null ? [] : [{ key: TechnicianIdKey, value: ticket.technicianId }]),
      ],
    };
  }

  private async startWorkflow(input: TicketWorkflowInput): Promise<void> {
    await this.deps.temporal.workflow.start<typeof ticketWorkflow>('ticketWorkflow', this.startOptions(input));
  }

  private async updateTicket<A extends ActorInput>(
    ticketId: number,
    { update, guard }: GuardedTicketUpdate<A>,
    args: A,
    options: ActionOptions,
  ): Promise<TicketView> {
    // A ticket's workflow runs from its creation until it is done: the update goes straight to it.
    // Only a ticket whose workflow is missing (its start was lost, or the run has completed) needs
    // Postgres's snapshot, to start it with the update, once the update's own guard allows it on
    // that snapshot (a stale press on a done ticket is refused here, starting no run).
    const running = await this.updateRunning(ticketWorkflowId(ticketId), update, args, options);
    if (running) return running;
    const snapshot = await this.snapshot(ticketId);
    guard({ ticket: snapshot.ticket, session: snapshot.session, sessionInPostgres: true }, args, Date.now());
    const startWorkflowOperation = new WithStartWorkflowOperation<typeof ticketWorkflow>(
      'ticketWorkflow',
      this.startOptions(this.workflowInput(snapshot, snapshot.technicianName)),
    );
    return this.call(options, () =>
      this.deps.temporal.workflow.executeUpdateWithStart(update, {
        args: [args],
        updateId: options.updateId,
        startWorkflowOperation,
      }),
    );
  }

  private async updateSession(
    actor: Actor,
    ticketId: number,
    update: UpdateDefinition<WorkSessionView, [ActorInput]>,
    options: ActionOptions,
  ): Promise<WorkSessionView> {
    const em = this.em();
    // The open session's id names its workflow, which runs while the session is open: the update
    // goes straight to it (one index lookup on the way).
    const [open] = await sql<{ id: number }>(
      em,
      `select s.id from work_session s join ticket t on t.id = s.ticket_id and t.deleted_at is null
        where s.ticket_id = ? and s.technician_id = ? and s.status in (${OPEN_SESSION_STATUS_LIST})`,
      [ticketId, actor.id],
    );
    if (open) {
      const running = await this.updateRunning(
        workSessionWorkflowId(open.id),
        update,
        actorInput(actor, options),
        options,
      );
      if (running) return running;
    }
    // No session, or its workflow is missing (its start was lost): the session with what that
    // start needs; the ticket alone only to say why there is none.
    const session = await em.findOne(
      WorkSession,
      {
        ticket: { id: ticketId, deletedAt: null },
        technician: actor.id,
        status: { $in: [...OPEN_SESSION_STATUSES] },
      },
      { populate: ['ticket.inventoryItem', 'technician'] },
    );
    if (!session) {
      if (!(await em.count(Ticket, { id: ticketId, deletedAt: null }))) throw new NotFoundError('Ticket', ticketId);
      throw new DomainError('work_session.not_found');
    }
    const startWorkflowOperation = new WithStartWorkflowOperation<typeof workSessionWorkflow>('workSessionWorkflow', {
      ...workSessionStart({
        sessionId: session.id,
        ticketId,
        technicianId: session.technician.id,
        status: session.status,
        pauseBudgetExhaustsAt: null,
        serial: session.ticket.inventoryItem.serialNumber,
        technicianName: personName(session.technician),
      }),
      taskQueue: this.deps.config.temporal.taskQueue,
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    return this.call(options, () =>
      this.deps.temporal.workflow.executeUpdateWithStart(update, {
        args: [actorInput(actor, options)],
        updateId: options.updateId,
        startWorkflowOperation,
      }),
    );
  }

  /** The update on the running workflow `workflowId`; null when there is none to take it (update-with-start then). */
  private async updateRunning<V, A>(
    workflowId: string,
    update: UpdateDefinition<V, [A]>,
    args: A,
    options: ActionOptions,
  ): Promise<V | null> {
    try {
      return await this.call(options, () =>
        this.deps.temporal.workflow
          .getHandle(workflowId)
          .executeUpdate(update, { args: [args], updateId: options.updateId }),
      );
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    }
  }

  private call<T>(options: ActionOptions, execute: () => Promise<T>): Promise<T> {
    return callTemporal(this.deps, options.deadlineMs ?? DEFAULT_DEADLINE_MS, execute);
  }
}
