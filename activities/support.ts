// Support desk activities: the ticket's transitions in Postgres (each one transaction with its
// audit event, idempotent per operation key), the SLA breach report, re-routing a client's message
// that reached a closed conversation — plus the bridge (./support-bridge) and the survey
// (./support-survey) activities.
import type { EventActor, JsonObject } from '../src/domain';
import { publishAdminNotification } from '../src/notify/admin-stream';
import { sessionKey } from '../src/redis/keys';
import {
  type BridgeMessage,
  type ClientProfile,
  supportWorkflowId,
  type SupportOrigin,
} from '../src/contracts/support';
import { createSupportBridgeActivities } from './support-bridge';
import { createSupportSurveyActivities } from './support-survey';
import { sql } from '../src/db/sql';
import { fork, loadTicket, type SupportActivityDeps } from './support-shared';
import { recordEvent } from '../src/db/support-events';
import { supportSlaKey } from '../src/redis/keys';

export type { SupportActivityDeps, SupportRoute } from './support-shared';
export type { DeliveryResult } from './support-route';

export interface PersistAssignmentParams {
  ticketId: number;
  technicianId: number;
  previousTechnicianId: number | null;
  actorId: number;
  actorName: string;
  /** Workflow id + update id: a retried activity or repeated callback writes once. */
  opKey: string;
}

export interface PersistCloseParams {
  ticketId: number;
  actorId: number;
  actorName: string;
  opKey: string;
}

export function createSupportActivities(deps: SupportActivityDeps) {
  const bridge = createSupportBridgeActivities(deps);
  const survey = createSupportSurveyActivities(deps, bridge);

  async function applied(ticketId: number, opKey: string): Promise<boolean> {
    const rows = await sql(fork(deps), `select 1 from event where support_ticket_id = ? and payload->>'op_key' = ?`, [
      ticketId,
      opKey,
    ]);
    return rows.length > 0;
  }

  return {
    ...bridge,
    ...survey,

    /** Assigns (or reassigns) the technician: status work, the old technician's thread closed. */
    async persistSupportAssignment(params: PersistAssignmentParams): Promise<void> {
      if (await applied(params.ticketId, params.opKey)) return;
      await fork(deps).transactional(async (tx) => {
        await sql(
          tx,
          `update support_ticket set technician_id = ?, status = 'work' where id = ? and status <> 'closed'`,
          [params.technicianId, params.ticketId],
        );
        if (params.previousTechnicianId !== null && params.previousTechnicianId !== params.technicianId) {
          await sql(
            tx,
            'update tech_thread set closed_at = now() where support_ticket_id = ? and technician_id = ? and closed_at is null',
            [params.ticketId, params.previousTechnicianId],
          );
        }
        await recordEvent(tx, params.ticketId, 'STAFF', params.previousTechnicianId ? 'reassigned' : 'assigned', {
          technician_id: params.technicianId,
          previous_technician_id: params.previousTechnicianId,
          actor_id: params.actorId,
          actor: params.actorName,
          op_key: params.opKey,
        });
      });
    },

    /** Closes the ticket: status closed, every technician thread closed, the session mapping dropped. */
    async persistSupportClose(params: PersistCloseParams): Promise<void> {
      if (!(await applied(params.ticketId, params.opKey))) {
        await fork(deps).transactional(async (tx) => {
          await sql(
            tx,
            `update support_ticket set status = 'closed', closed_at = coalesce(closed_at, now()) where id = ?`,
            [params.ticketId],
          );
          await sql(tx, 'update tech_thread set closed_at = now() where support_ticket_id = ? and closed_at is null', [
            params.ticketId,
          ]);
          await recordEvent(tx, params.ticketId, 'STAFF', 'closed', {
            actor_id: params.actorId,
            actor: params.actorName,
            op_key: params.opKey,
          });
        });
      }
      const ticket = await loadTicket(fork(deps), params.ticketId);
      const key = sessionKey(ticket.clientTelegramId);
      if ((await deps.redis.get(key)) === supportWorkflowId(ticket.id)) await deps.redis.del(key);
    },

    async recordSupportEvent(params: {
      ticketId: number;
      actor: EventActor;
      action: string;
      payload?: JsonObject;
    }): Promise<void> {
      await recordEvent(fork(deps), params.ticketId, params.actor, params.action, params.payload ?? {});
    },

    /** The first answer from staff or a technician (the SLA stops here). */
    async recordSupportFirstResponse(params: { ticketId: number; origin: SupportOrigin; at: number }): Promise<void> {
      await fork(deps).transactional(async (tx) => {
        const updated = await sql(
          tx,
          `update support_ticket set first_response_at = to_timestamp(? / 1000.0)
            where id = ? and first_response_at is null returning created_at`,
          [params.at, params.ticketId],
        );
        if (updated.length > 0) {
          await recordEvent(tx, params.ticketId, params.origin, 'first_response', {
            at: new Date(params.at).toISOString(),
          });
        }
      });
    },

    /** The first-response SLA ran out: mark the ticket and alert the admins (stream `admin:notifications`). */
    async markSupportSlaBreached(params: { ticketId: number; slaMinutes: number }): Promise<void> {
      const em = fork(deps);
      const updated = await sql(
        em,
        'update support_ticket set sla_breached_at = now() where id = ? and sla_breached_at is null returning id',
        [params.ticketId],
      );
      if (updated.length === 0) return;
      await recordEvent(em, params.ticketId, 'SYSTEM', 'sla_breached', { sla_minutes: params.slaMinutes });
      const ticket = await loadTicket(em, params.ticketId);
      await publishAdminNotification(deps.redis, {
        type: 'support_sla_breached',
        severity: 'warning',
        // Rendered in each admin's language from the params; the text is for readers of the raw stream.
        params: { id: String(ticket.id), client: ticket.clientName, minutes: String(params.slaMinutes) },
        text: `Support ticket #${ticket.id} (${ticket.clientName}) has had no answer for ${params.slaMinutes} min.`,
        dedupeKey: supportSlaKey(ticket.id),
      });
    },

    async setSupportClientBlocked(params: { ticketId: number; blocked: boolean }): Promise<void> {
      const em = fork(deps);
      if (params.blocked) {
        await sql(em, 'update support_ticket set client_blocked_at = coalesce(client_blocked_at, now()) where id = ?', [
          params.ticketId,
        ]);
      } else {
        await sql(em, 'update support_ticket set client_blocked_at = null where id = ?', [params.ticketId]);
        await recordEvent(em, params.ticketId, 'CLIENT', 'client_unblocked');
      }
    },

    /** A client message that reached a closed conversation goes to their next one. */
    async rerouteSupportClientMessage(params: { message: BridgeMessage; client: ClientProfile }): Promise<void> {
      await deps.supportRouting.rerouteClientMessage(params.message, params.client);
    },
  };
}
