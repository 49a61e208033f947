// A press that Telegram delivers again after the app died mid-update may find its action already
// applied — by itself, before the crash. Its fresh-state check then refuses ("not available"),
// which would be the wrong answer: the press did exactly what it asked. Every transition records
// the operation that made it (`op_key` = `<workflow id>/<Temporal update id>`, the update id being
// the callback query id), so the press can recognise its own work.
import type { EntityManager } from '@mikro-orm/postgresql';
import { TicketTransition, WorkSession, WorkSessionTransition } from '../db/entities';
import { ticketWorkflowId, workSessionWorkflowId } from '../../workflows/messages';

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
