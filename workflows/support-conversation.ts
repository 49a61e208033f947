// The state of one support conversation and its handlers: client, staff and technician messages (signals),
// assign and close (updates whose validators are the domain's guards), the first response that stops the SLA.
// Deliveries go through the conversation's DeliveryLanes (./support-lanes); the workflow function
// (./support-ticket) registers the handlers and runs the SLA timer, continue-as-new and the close.
import * as wf from '@temporalio/workflow';
import { refuseSupport } from '../src/contracts/failures';
import { assignRefusal, closeRefusal, type SupportTicketStatus } from '../src/domain';
import { ClientTelegramIdKey, TechnicianIdKey, TicketStatusKey } from '../src/contracts/search-attributes';
import {
  type BridgeMessage,
  type SupportActorInput,
  type SupportAssignInput,
  supportAssignUpdate,
  type SupportCarriedState,
  supportClientMessageSignal,
  supportCloseUpdate,
  type SupportOrigin,
  supportStaffMessageSignal,
  supportTechMessageSignal,
  type SupportTechnician,
  type SupportTicketWorkflowInput,
  type SupportView,
  supportViewQuery,
  type TechBridgeMessage,
} from '../src/contracts/support';
import type { Activities } from '../activities';
import type { DeliveryResult, SupportRoute } from '../activities/support';
import { PERSISTENCE_OPTIONS } from './activity-options';
import { Mutex } from './mutex';
import { DeliveryLanes, handle, type LaneOwner, mainRoute, techRoute } from './support-lanes';

const persistence = wf.proxyActivities<Activities>(PERSISTENCE_OPTIONS);

export class SupportConversation implements LaneOwner {
  readonly ticketId: number;
  status: SupportTicketStatus;
  readonly openedAt: number;
  mainThreadId: number | null;
  technician: SupportTechnician | null;
  readonly techThreads: Record<string, number>;
  firstResponseAt: number | null;
  overdue: boolean;
  clientBlocked: boolean;
  /** Who closed it (for the closing note). */
  closedBy = '';
  /** Client messages that reached the closed conversation: they open the client's next one. */
  readonly reroute: BridgeMessage[] = [];
  readonly lanes: DeliveryLanes;
  private readonly mutex = new Mutex();
  private published = '';

  constructor(private readonly input: SupportTicketWorkflowInput) {
    const carried = input.state;
    this.ticketId = input.ticketId;
    this.status = carried?.status ?? 'new';
    this.openedAt = carried?.openedAt ?? Date.now();
    this.mainThreadId = carried?.mainThreadId ?? null;
    this.technician = carried?.technician ?? null;
    this.techThreads = { ...(carried?.techThreads ?? {}) };
    this.firstResponseAt = carried?.firstResponseAt ?? null;
    this.overdue = carried?.overdue ?? false;
    this.clientBlocked = carried?.clientBlocked ?? false;
    this.lanes = new DeliveryLanes(this, this.mainThreadId !== null);
  }

  view(): SupportView {
    return {
      ticketId: this.ticketId,
      status: this.status,
      clientTelegramId: this.input.client.telegramId,
      mainChatId: this.input.mainChatId,
      mainThreadId: this.mainThreadId,
      technician: this.technician,
      firstResponseAt: this.firstResponseAt,
      overdue: this.overdue,
      clientBlocked: this.clientBlocked,
    };
  }

  /** What a continued run starts from. */
  carriedState(): SupportCarriedState {
    const { status, openedAt, mainThreadId, technician, techThreads, firstResponseAt, overdue, clientBlocked } = this;
    return { status, openedAt, mainThreadId, technician, techThreads, firstResponseAt, overdue, clientBlocked };
  }

  publish(): void {
    const { client } = this.input;
    const { status, technician } = this;
    // Search attributes change with the status and the technician only: upsert (a history event) then.
    const attributes = `${status}/${technician?.id ?? ''}`;
    if (attributes !== this.published) {
      this.published = attributes;
      wf.upsertSearchAttributes([
        { key: TicketStatusKey, value: status },
        { key: ClientTelegramIdKey, value: client.telegramId },
        { key: TechnicianIdKey, value: technician?.id ?? null },
      ]);
    }
    wf.setCurrentDetails(
      [
        `**Support #${this.ticketId}** · ${client.name}${client.username ? ` (@${client.username})` : ''}`,
        `- status: **${status}**${this.overdue ? ' · ⏰ first response overdue' : ''}`,
        `- technician: ${technician ? `${technician.name} (${handle(technician.username)})` : '—'}`,
        `- main topic: ${this.mainThreadId ?? '—'} · first response: ${this.firstResponseAt ? new Date(this.firstResponseAt).toISOString() : '—'}`,
        `- client blocked the bot: ${this.clientBlocked ? 'yes' : 'no'}`,
      ].join('\n'),
    );
  }

  delivered(route: SupportRoute, result: DeliveryResult): void {
    if (result.threadId !== null) {
      if (route.kind === 'main') this.mainThreadId = result.threadId;
      if (route.kind === 'tech') this.techThreads[String(route.technicianId)] = result.threadId;
    }
    if (result.status === 'blocked' && !this.clientBlocked) {
      this.clientBlocked = true;
      this.lanes.enqueue({ kind: 'main' }, { kind: 'notice', key: 'support-note-client-blocked' });
    }
    this.publish();
  }

  /** The first answer to the client stops the SLA (and lifts an overdue mark). */
  private async firstResponse(origin: SupportOrigin): Promise<void> {
    if (this.firstResponseAt !== null) return;
    this.firstResponseAt = Date.now();
    const wasOverdue = this.overdue;
    this.overdue = false;
    this.publish();
    await persistence.recordSupportFirstResponse({ ticketId: this.ticketId, origin, at: this.firstResponseAt });
    if (wasOverdue) this.lanes.enqueue({ kind: 'main' }, { kind: 'retitle' });
  }

  private readonly techRoutes = (): SupportRoute[] => (this.technician ? [techRoute(this.technician.id)] : []);

  async onClientMessage(message: BridgeMessage): Promise<void> {
    if (this.status === 'closed') {
      this.reroute.push(message);
      return;
    }
    const unblocked = this.clientBlocked && message.editDate === null;
    if (unblocked) this.clientBlocked = false;
    this.lanes.bridge('CLIENT', message, [{ kind: 'main' }, ...this.techRoutes()]);
    if (unblocked) {
      this.publish();
      await persistence.setSupportClientBlocked({ ticketId: this.ticketId, blocked: false });
    }
  }

  async onStaffMessage(message: BridgeMessage): Promise<void> {
    if (this.status === 'closed') return;
    this.lanes.bridge('STAFF', message, [{ kind: 'client' }, ...this.techRoutes()]);
    if (message.editDate === null) await this.firstResponse('STAFF');
  }

  async onTechMessage(message: TechBridgeMessage): Promise<void> {
    const { technician } = this;
    // After a reassignment the old technician's topic is no longer bridged.
    if (this.status === 'closed' || technician?.id !== message.technicianId) return;
    if (message.specialistCall) {
      if (message.editDate !== null) return;
      const { technicianId, chatId, messageId, text } = message;
      // Staff see the call in their topic, marked and in its place; the client never does.
      const args = {
        tech: `${technician.name} (${handle(technician.username)})`,
        text: [...(text ?? '')].slice(0, 3_000).join(''),
      };
      if (wf.patched('help-call-notice'))
        this.lanes.enqueue(mainRoute, { kind: 'notice', key: 'support-note-help', args });
      await persistence.recordSupportEvent({
        ticketId: this.ticketId,
        actor: 'TECH',
        action: 'specialist_called',
        payload: { technician_id: technicianId, chat_id: chatId, message_id: messageId, text: text ?? '' },
      });
      return;
    }
    this.lanes.bridge('TECH', message, [{ kind: 'client' }, { kind: 'main' }]);
    if (message.editDate === null) await this.firstResponse('TECH');
  }

  private opKey(): string {
    return `${wf.workflowInfo().workflowId}/${wf.currentUpdateInfo()?.id ?? wf.uuid4()}`;
  }

  assign(request: SupportAssignInput): Promise<SupportView> {
    return this.mutex.run(async () => {
      refuseSupport(assignRefusal(this.view(), request));
      const previous = this.technician;
      await persistence.persistSupportAssignment({
        ticketId: this.ticketId,
        technicianId: request.technician.id,
        previousTechnicianId: previous?.id ?? null,
        actorId: request.actor.id,
        actorName: request.actorName,
        opKey: this.opKey(),
      });
      this.technician = request.technician;
      this.status = 'work';
      const { lanes } = this;
      if (previous) {
        lanes.enqueue(techRoute(previous.id), {
          kind: 'notice',
          key: 'support-tech-reassigned',
          args: { tech: handle(request.technician.username) },
        });
        lanes.enqueue(techRoute(previous.id), { kind: 'close' });
      }
      lanes.enqueue(techRoute(request.technician.id), {
        kind: 'tech',
        technician: request.technician,
        assignedBy: request.actorName,
      });
      lanes.enqueue(mainRoute, { kind: 'retitle' });
      lanes.enqueue(mainRoute, {
        kind: 'notice',
        key: previous ? 'support-note-reassigned' : 'support-note-assigned',
        args: {
          tech: handle(request.technician.username),
          previous: previous ? handle(previous.username) : '',
          staff: request.actorName,
        },
      });
      // The card's controls follow: "assigned to X", reassign and close.
      if (wf.patched('card-after-assign')) lanes.enqueue(mainRoute, { kind: 'card' });
      this.publish();
      return this.view();
    });
  }

  close(request: SupportActorInput): Promise<SupportView> {
    return this.mutex.run(async () => {
      refuseSupport(closeRefusal(this.view(), request));
      await persistence.persistSupportClose({
        ticketId: this.ticketId,
        actorId: request.actor.id,
        actorName: request.actorName,
        opKey: this.opKey(),
      });
      this.status = 'closed';
      this.closedBy = request.actorName;
      this.publish();
      return this.view();
    });
  }

  /** Registers every handler; called before the workflow's first await (update- and signal-with-start). */
  register(): void {
    wf.setHandler(supportViewQuery, () => this.view(), { description: 'The conversation as the workflow holds it' });
    wf.setHandler(supportClientMessageSignal, (message) => this.onClientMessage(message), {
      description: "A client's message (or edit) from their private chat",
    });
    wf.setHandler(supportStaffMessageSignal, (message) => this.onStaffMessage(message), {
      description: 'A staff reply in the main topic: to the client as the support team',
    });
    wf.setHandler(supportTechMessageSignal, (message) => this.onTechMessage(message), {
      description: "The technician's reply in their topic: to the client and into the main topic",
    });
    wf.setHandler(supportAssignUpdate, (request) => this.assign(request), {
      validator: (request) => refuseSupport(assignRefusal(this.view(), request)),
      description: "Assign (or reassign) a technician: their mirrored topic carries the client's conversation",
    });
    wf.setHandler(supportCloseUpdate, (request) => this.close(request), {
      validator: (request) => refuseSupport(closeRefusal(this.view(), request)),
      description: 'Close: bridge off, topics closed, the survey offered to the client',
    });
  }
}
