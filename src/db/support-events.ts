// The support desk's audit log (`event`): the one place that writes it, for the app's SupportService and the
// support activities alike. The database keeps the table append-only.
import type { EventActor, JsonObject } from '../domain';
import { sql, type SqlContext } from './sql';

/** Appends one row to the support audit log, inside `em`'s transaction when it has one. */
export async function recordEvent(
  em: SqlContext,
  ticketId: number | null,
  actor: EventActor,
  action: string,
  payload: JsonObject = {},
): Promise<void> {
  await sql(em, 'insert into event (support_ticket_id, actor, action, payload) values (?, ?, ?, ?::jsonb)', [
    ticketId,
    actor,
    action,
    JSON.stringify(payload),
  ]);
}
