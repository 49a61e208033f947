// TicketWorkflow (`ticket-<id>`): the durable owner of one ticket's lifecycle. Each update's
// validator is the pure domain guard (an invalid action writes nothing, not even history);
// the handler persists through one activity (one database transaction) and returns the new view.
import * as wf from '@temporalio/workflow';
import type { TicketState } from '../src/domain';
import { asWorkflowFailure, guard } from '../src/contracts/failures';
import { guardedTicketUpdates, type GuardedTicketUpdate, type TicketGuardState } from '../src/contracts/ticket-guards';
import { ItemSerialKey, TechnicianIdKey, TicketStatusKey } from '../src/contracts/search-attributes';
import type { Activities } from '../activities';
import { LOCAL_PERSISTENCE_OPTIONS, PERSISTENCE_OPTIONS } from './activity-options';
import type { TicketActionRequest } from '../src/contracts/tickets';
import {
  sessionChangedSignal,
  ticketViewQuery,
  workSessionStart,
  workSessionWorkflowId,
  type ActorInput,
  type SessionSummary,
  type TicketView,
  type TicketWorkflowInput,
} from '../src/contracts/messages';
import { Mutex } from './mutex';
import { TICKET_NOTIFICATIONS_IN_LANES, TicketNotifications } from './ticket-notifications';
import { workSessionWorkflow } from './work-session';

const persistence = wf.proxyActivities<Activities>(PERSISTENCE_OPTIONS);

const transitions = wf.proxyLocalActivities<Activities>(LOCAL_PERSISTENCE_OPTIONS);

/**
 * Runs from this patch on answer a press as soon as its transaction committed: the transaction is
 * a local activity, the work-session workflow is started by that activity (no child), session
 * changes arrive from the session's activity, send to QC's session fact is read in the
 * transaction, and search attributes are upserted only when they change. Runs recorded before keep
 * the old path for their whole run (asked once, at the start).
 */
export const TICKET_PRESS_FAST_PATH = 'ticket-press-fast-path';

function statusCard(view: TicketView, technicianName: string | null): string {
  const { ticket, serial, session } = view;
  const technician = ticket.technicianId === null ? '—' : `${technicianName ?? 'user'} (#${ticket.technicianId})`;
  return [
    `**Ticket #${ticket.id}** · \`${serial}\``,
    `- status: **${ticket.status}**`,
    `- technician: ${technician}`,
    `- planned: ${ticket.totalDuration} min · flag ${ticket.flagColor} · XP ${ticket.xpAmount}${ticket.isManual ? ' (manual)' : ''}`,
    // Its live status is on its own workflow's card: sessions no longer signal every change here.
    `- work session: ${session ? `#${session.id}, \`${workSessionWorkflowId(session.id)}\`` : '—'}`,
  ].join('\n');
}

export async function ticketWorkflow(input: TicketWorkflowInput): Promise<TicketView> {
  const version =
    input.version ?? (wf.patched(TICKET_PRESS_FAST_PATH) ? (wf.patched(TICKET_NOTIFICATIONS_IN_LANES) ? 2 : 1) : 0);
  const fastPress = version >= 1;
  const notificationsInLanes = version >= 2;
  let ticket: TicketState = input.ticket;
  let session: SessionSummary | null = input.session;
  // The latest session change signalled (epoch ms): an older one arriving late is ignored.
  let sessionChangedAt = 0;
  const outbox = new TicketNotifications(() => ticket.id, fastPress, notificationsInLanes);
  const mutex = new Mutex();
  const view = (): TicketView => ({ ticket, serial: input.serial, session });
  // Names of the technicians this run was told about (the workflow otherwise knows only ids).
  const technicianNames = new Map<number, string>();
  if (input.ticket.technicianId !== null && input.technicianName)
    technicianNames.set(input.ticket.technicianId, input.technicianName);
  const technicianName = () =>
    ticket.technicianId === null ? null : (technicianNames.get(ticket.technicianId) ?? null);

  const publish = () => {
    if (!fastPress) {
      wf.upsertSearchAttributes([
        { key: TicketStatusKey, value: ticket.status },
        { key: TechnicianIdKey, value: ticket.technicianId },
        { key: ItemSerialKey, value: input.serial },
      ]);
    } else {
      // Only what changed: the start options set all three, continue-as-new carries them over.
      const current = wf.workflowInfo().typedSearchAttributes;
      const changed = [
        { key: TicketStatusKey, value: ticket.status },
        { key: TechnicianIdKey, value: ticket.technicianId },
        { key: ItemSerialKey, value: input.serial },
      ].filter(({ key, value }) => (current.get(key) ?? null) !== value);
      if (changed.length > 0) wf.upsertSearchAttributes(changed);
    }
    wf.setCurrentDetails(statusCard(view(), technicianName()));
  };

  /** Persists one action through its activity, under the mutex so transitions never interleave. */
  const apply = (request: TicketActionRequest, summary: string, recheck: () => unknown) =>
    mutex.run(async () => {
      // An earlier update may have changed the state while this one waited for the mutex.
      guard(recheck);
      const opKey = `${wf.workflowInfo().workflowId}/${wf.currentUpdateInfo()?.id ?? wf.uuid4()}`;
      try {
        const params = { ticketId: ticket.id, opKey, at: Date.now(), request };
        // Manual metrics are a rare staff edit, no press: they keep the regular activity (and its
        // attempts in the history, which the data-error tests read).
        if (fastPress && request.action !== 'manual_metrics') {
          const result = await transitions.applyTicketAction.executeWithOptions({ summary }, [
            { ...params, startsSessionWorkflow: true, ...(notificationsInLanes ? { wakesLanes: true } : {}) },
          ]);
          ticket = result.ticket;
          session = result.latestSession ?? result.startedSession ?? session;
          outbox.addFromTransition(result.notifications);
          publish();
          // The card the transaction committed goes back to the press (not kept: queries don't show it).
          return { ...view(), card: result.card };
        }
        const result = await persistence.applyTicketAction.executeWithOptions({ summary }, [params]);
        ticket = result.ticket;
        if (result.startedSession) {
          session = result.startedSession;
          await wf.startChild(workSessionWorkflow, {
            ...workSessionStart({
              sessionId: session.id,
              ticketId: ticket.id,
              technicianId: session.technicianId,
              status: session.status,
              pauseBudgetExhaustsAt: null,
              serial: input.serial,
              technicianName: technicianNames.get(session.technicianId) ?? null,
            }),
            parentClosePolicy: 'ABANDON',
          });
        }
        outbox.addFromTransition(result.notifications);
        publish();
        return { ...view(), card: result.card };
      } catch (err) {
        throw asWorkflowFailure(err);
      }
    });

  wf.setHandler(ticketViewQuery, view, { description: 'The ticket as the workflow holds it' });
  wf.setHandler(
    sessionChangedSignal,
    (changed) => {
      if (fastPress) {
        // Signals come from the session's activities, unordered; the newest session and change win.
        if (session && changed.id < session.id) return;
        if (changed.changedAt !== undefined) {
          if (changed.id === session?.id && changed.changedAt < sessionChangedAt) return;
          sessionChangedAt = changed.changedAt;
        }
        session = { id: changed.id, technicianId: changed.technicianId, status: changed.status };
      } else {
        session = changed;
      }
      publish();
    },
    { description: 'Sent on every status change by work sessions started before sessions stopped signalling' },
  );

  const guardState = (): TicketGuardState => ({ ticket, session, sessionInPostgres: fastPress });

  /** One update: the pure guard is both the validator and the re-check under the mutex. */
  function register<A extends ActorInput>(
    { update, guard: check }: GuardedTicketUpdate<A>,
    request: (args: A) => TicketActionRequest,
    summary: string,
    description: string,
  ): void {
    // A bot press names its message, so the change's refresh of the ticket's copies leaves it to the press.
    const requestOf = (args: A) => (args.pressed ? { ...request(args), pressed: args.pressed } : request(args));
    const checked = (args: A) => () => check(guardState(), args, Date.now());
    wf.setHandler(update, (args) => apply(requestOf(args), `${summary} #${ticket.id}`, checked(args)), {
      validator: (args) => guard(checked(args)),
      description,
    });
  }

  register(
    guardedTicketUpdates.approveReview,
    ({ actor }) => ({ action: 'approve_review', actor }),
    'approve review of',
    'Review approval: under_review → new',
  );
  register(
    guardedTicketUpdates.assign,
    ({ actor, technician }) => {
      if (technician?.name) technicianNames.set(technician.id, technician.name);
      return { action: 'assign', actor, technicianId: technician?.id ?? 0 };
    },
    'assign',
    'Assign (or reassign) a technician',
  );
  register(
    guardedTicketUpdates.start,
    ({ actor }) => ({ action: 'start', actor }),
    'start work on',
    'Start work: assigned/rework → in_progress; opens a work session',
  );
  // The session's status is the session workflow's: from the patch on, the transaction checks it in
  // Postgres, so a press right after stop never waits for the news (see guardedTicketUpdates.sendToQc).
  register(
    guardedTicketUpdates.sendToQc,
    ({ actor, metadata }) => ({ action: 'send_to_qc', actor, metadata }),
    'send to QC',
    'Send to QC: in_progress → waiting_qc, once the session is stopped',
  );
  register(
    guardedTicketUpdates.qcPass,
    ({ actor, metadata }) => ({ action: 'qc_pass', actor, metadata }),
    'QC pass',
    'QC pass: waiting_qc → done; XP awarded',
  );
  register(
    guardedTicketUpdates.qcFail,
    ({ actor, reason, metadata }) => ({ action: 'qc_fail', actor, reason: reason ?? null, metadata }),
    'QC fail',
    'QC fail: waiting_qc → rework',
  );
  register(
    guardedTicketUpdates.manualMetrics,
    ({ actor, flagColor, xpAmount }) => ({ action: 'manual_metrics', actor, flagColor, xpAmount }),
    'manual metrics for',
    'Manual flag color and XP (any status)',
  );

  publish();

  /**
   * Before the run ends or continues as new: no handler in flight and nothing left to send. Sending
   * can wait on an activity, and an update accepted meanwhile must finish in this run (it would
   * otherwise fail with the run), so both are checked again until they hold together.
   */
  const settle = async () => {
    do {
      await wf.condition(wf.allHandlersFinished);
      await outbox.sendDue();
    } while (!wf.allHandlersFinished() || outbox.pending);
  };

  const qcSlaMs = input.qcSlaMinutes * 60_000;
  let qcWaitStartedAt: number | null = ticket.status === 'waiting_qc' ? Date.now() : null;
  let qcSlaStage = 0; // 0: nothing sent, 1: QC inspectors reminded, 2: admins alerted

  for (;;) {
    if (ticket.status === 'waiting_qc') {
      if (qcWaitStartedAt === null) {
        qcWaitStartedAt = Date.now();
        qcSlaStage = 0;
      }
    } else {
      qcWaitStartedAt = null;
    }
    const slaDueAt = qcWaitStartedAt !== null && qcSlaStage < 2 ? qcWaitStartedAt + qcSlaMs * (qcSlaStage + 1) : null;
    const statusNow = ticket.status;
    const wake = () =>
      outbox.pending ||
      ticket.status !== statusNow ||
      ticket.status === 'done' ||
      wf.workflowInfo().continueAsNewSuggested;
    let woke = true;
    if (slaDueAt === null) await wf.condition(wake);
    else
      woke = await wf.condition(wake, Math.max(slaDueAt - Date.now(), 1), {
        summary: `QC waiting SLA, stage ${qcSlaStage + 1}`,
      });
    if (!woke && slaDueAt !== null && ticket.status === 'waiting_qc') {
      qcSlaStage += 1;
      outbox.addSla(qcSlaStage === 1 ? 'ticket_qc_sla_reminder' : 'ticket_qc_sla_breached', qcWaitStartedAt);
    }
    await outbox.sendDue();
    if (ticket.status === 'done' && !outbox.pending) {
      await settle();
      return view();
    }
    if (wf.workflowInfo().continueAsNewSuggested) {
      await settle();
      await wf.continueAsNew<typeof ticketWorkflow>({ ...input, ticket, session, technicianName: technicianName() });
    }
  }
}
