// What a press that the workflow's validator (or its transaction) refused actually met.
//
// - Its own work: a press that Telegram delivers again after the app died mid-update finds its
//   action applied by itself, before the crash. Every transition records the operation that made it
//   (`op_key` = `<workflow id>/<Temporal update id>`, the update id being the callback query id), so
//   the press recognises its own work and answers its success.
// - Someone's (or its own twin's) work: the losing press of a double tap, or a press on a copy of
//   the card that was stale, finds the ticket already where it wanted it (started → in progress,
//   paused → paused, resumed → running, stopped → stopped, sent to QC → waiting QC, QC pass → done,
//   QC fail → rework). That is no error either: the press is told "already …" as a toast and its
//   card is redrawn.
// - Anything else is the domain's refusal, shown as it is.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TechnicianAction } from '../domain';
import { Ticket, TicketTransition, WorkSession, WorkSessionTransition } from '../db/entities';
import { ticketWorkflowId, workSessionWorkflowId } from '../contracts/messages';

/** What a press asked for: a technician action or a QC decision. */
export type PressIntent = TechnicianAction | 'qc_pass' | 'qc_fail';

/**
 * `applied`: this very press made the change (a redelivery); `already`: the ticket is already in the
 * state the press wanted; `refused`: a real refusal.
 */
export type PressOutcome = 'applied' | 'already' | 'refused';

/** Whether the press `callbackQueryId` already made a transition of ticket `ticketId` or of one of its work sessions. */
export async function pressAlreadyApplied(
  em: EntityManager,
  ticketId: number,
  callbackQueryId: string,
): Promise<boolean> {
  const onTicket = await em.count(TicketTransition, {
    ticket: ticketId,
    metadata: { op_key: `${ticketWorkflowId(ticketId)}/${callbackQueryId}` },
  });
  if (onTicket > 0) return true;
  const sessions = await em.find(WorkSession, { ticket: ticketId }, { fields: ['id'] });
  if (sessions.length === 0) return false;
  const onSession = await em.count(WorkSessionTransition, {
    ticket: ticketId,
    metadata: { op_key: { $in: sessions.map((s) => `${workSessionWorkflowId(s.id)}/${callbackQueryId}`) } },
  });
  return onSession > 0;
}

/** Whether ticket `ticketId` (and its latest work session) is already where `intent` would take it. */
export async function alreadyWhereWanted(em: EntityManager, ticketId: number, intent: PressIntent): Promise<boolean> {
  const ticket = await em.findOne(Ticket, { id: ticketId, deletedAt: null }, { fields: ['id', 'status'] });
  if (!ticket) return false;
  const latestSession = async () =>
    (await em.findOne(WorkSession, { ticket: ticketId }, { orderBy: { startedAt: 'desc', id: 'desc' } }))?.status ??
    null;
  switch (intent) {
    case 'start':
      return ticket.status === 'in_progress';
    case 'pause':
      return ticket.status === 'in_progress' && (await latestSession()) === 'paused';
    case 'resume':
      return ticket.status === 'in_progress' && (await latestSession()) === 'running';
    case 'stop':
      return ticket.status === 'in_progress' && (await latestSession()) === 'stopped';
    case 'to_waiting_qc':
      return ticket.status === 'waiting_qc';
    case 'qc_pass':
      return ticket.status === 'done';
    case 'qc_fail':
      return ticket.status === 'rework';
  }
}

/** What a refused press met (see the module comment); its own redelivered work comes first. */
export async function pressOutcome(
  em: EntityManager,
  ticketId: number,
  callbackQueryId: string,
  intent: PressIntent,
): Promise<PressOutcome> {
  if (await pressAlreadyApplied(em, ticketId, callbackQueryId)) return 'applied';
  return (await alreadyWhereWanted(em, ticketId, intent)) ? 'already' : 'refused';
}
