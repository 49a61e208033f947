// SupportTicketWorkflow (`support-<id>`): one client conversation. Messages arrive as signals
// (client, staff in the main topic, the technician in their topic) and leave through activities,
// one lane per destination so each chat gets them in order: an album's items are collected here
// (durably) for a moment and copied together; a slow or failing destination never holds up the
// others, and nothing is dropped (deliveries retry until Telegram takes them). Staff assign and
// close through updates (pure guards as validators). A durable timer watches the first-response
// SLA; the close starts the FeedbackSurveyWorkflow.
import * as wf from '@temporalio/workflow';
import { ApplicationFailure } from '@temporalio/common';
import type { SupportTicketStatus } from '../src/domain';
import { ClientTelegramIdKey, TechnicianIdKey, TicketStatusKey } from '../src/contracts/search-attributes';
import type { Activities } from '../activities';
import { DELIVERY_OPTIONS, PERSISTENCE_OPTIONS } from './activity-options';
import type { DeliveryResult, SupportRoute } from '../activities/support';
import { feedbackSurveyWorkflow } from './feedback-survey';
import { Mutex } from './mutex';
import {
  type BridgeMessage,
  feedbackWorkflowId,
  supportAssignUpdate,
  supportClientMessageSignal,
  supportCloseUpdate,
  type SupportCarriedState,
  type SupportOrigin,
  SUPPORT_REFUSED,
  supportStaffMessageSignal,
  supportTechMessageSignal,
  type SupportTechnician,
  type SupportTicketWorkflowInput,
  type SupportView,
  supportViewQuery,
} from '../src/contracts/support';
import { assignRefusal, closeRefusal, type SupportRefusal } from '../src/domain';

/** Album items arrive as separate updates: the album is copied once none came for this long. */
export const ALBUM_WINDOW_MS = 1_000;

const persistence = wf.proxyActivities<Activities>(PERSISTENCE_OPTIONS);

const telegram = wf.proxyActivities<Activities>(DELIVERY_OPTIONS);

type Job =
  | { kind: 'open' }
  | {
      kind: 'copy';
      origin: SupportOrigin;
      message: BridgeMessage;
      ids: number[];
      /** media_group_id of an album still collecting items until `deadline`. */
      album: string | null;
      deadline: number;
      taken: boolean;
    }
  | { kind: 'edit'; origin: SupportOrigin; message: BridgeMessage }
  | { kind: 'notice'; key: string; args?: Record<string, string | number> }
  | { kind: 'retitle' }
  | { kind: 'close' }
  | { kind: 'card' }
  | { kind: 'tech'; technician: SupportTechnician; assignedBy: string };

interface Lane {
  route: SupportRoute;
  jobs: Job[];
}

const refuse = (code: SupportRefusal | null) => {
  if (code) throw ApplicationFailure.nonRetryable(code, SUPPORT_REFUSED);
};

const mainRoute: SupportRoute = { kind: 'main' };
const techRoute = (technicianId: number): SupportRoute => ({ kind: 'tech', technicianId });
const routeName = (route: SupportRoute) => (route.kind === 'tech' ? `tech:${route.technicianId}` : route.kind);
const handle = (username: string) => `@${username.replace(/^@+/, '')}`;

export async function supportTicketWorkflow(input: SupportTicketWorkflowInput): Promise<SupportView> {
  const { ticketId, client } = input;
  const carried = input.state;
  let status: SupportTicketStatus = carried?.status ?? 'new';
  const openedAt = carried?.openedAt ?? Date.now();
  let mainThreadId = carried?.mainThreadId ?? null;
  let technician = carried?.technician ?? null;
  const techThreads: Record<string, number> = { ...(carried?.techThreads ?? {}) };
  let firstResponseAt = carried?.firstResponseAt ?? null;
  let overdue = carried?.overdue ?? false;
  let clientBlocked = carried?.clientBlocked ?? false;
  let openQueued = mainThreadId !== null;
  let closedBy = '';
  const reroute: BridgeMessage[] = [];
  const lanes = new Map<string, Lane>();
  const mutex = new Mutex();

  const view = (): SupportView => ({
    ticketId,
    status,
    clientTelegramId: client.telegramId,
    mainChatId: input.mainChatId,
    mainThreadId,
    technician,
    firstResponseAt,
    overdue,
    clientBlocked,
  });

  let published = '';
  const publish = () => {
    // Search attributes change with the status and the technician only: upsert (a history event) then.
    const attributes = `${status}/${technician?.id ?? ''}`;
    if (attributes !== published) {
      published = attributes;
      wf.upsertSearchAttributes([
        { key: TicketStatusKey, value: status },
        { key: ClientTelegramIdKey, value: client.telegramId },
        { key: TechnicianIdKey, value: technician?.id ?? null },
      ]);
    }
    wf.setCurrentDetails(
      [
        `**Support #${ticketId}** · ${client.name}${client.username ? ` (@${client.username})` : ''}`,
        `- status: **${status}**${overdue ? ' · ⏰ first response overdue' : ''}`,
        `- technician: ${technician ? `${technician.name} (${handle(technician.username)})` : '—'}`,
        `- main topic: ${mainThreadId ?? '—'} · first response: ${firstResponseAt ? new Date(firstResponseAt).toISOString() : '—'}`,
        `- client blocked the bot: ${clientBlocked ? 'yes' : 'no'}`,
      ].join('\n'),
    );
  };

  // ------------------------------------------------------------------------------------------
  // Lanes: one per destination, each delivering its jobs one after another.

  const idle = () => [...lanes.values()].every((lane) => lane.jobs.length === 0);

  function laneOf(route: SupportRoute): Lane {
    const key = routeName(route);
    let lane = lanes.get(key);
    if (!lane) {
      lane = { route, jobs: [] };
      lanes.set(key, lane);
      void runLane(lane);
    }
    // The main topic (with the card and the picker) exists before anything is posted in it.
    if (route.kind === 'main' && !openQueued) {
      openQueued = true;
      lane.jobs.push({ kind: 'open' });
    }
    return lane;
  }

  function enqueue(route: SupportRoute, job: Job): void {
    laneOf(route).jobs.push(job);
  }

  async function runLane(lane: Lane): Promise<void> {
    for (;;) {
      await wf.condition(() => lane.jobs.length > 0);
      const job = lane.jobs[0]!;
      try {
        await runJob(lane.route, job);
      } catch (err) {
        // Only a non-retryable failure gets here; the activity has recorded it as an event.
        wf.log.warn('support delivery failed', {
          ticketId,
          route: routeName(lane.route),
          job: job.kind,
          error: String(err),
        });
      }
      lane.jobs.shift();
    }
  }

  function applyResult(route: SupportRoute, result: DeliveryResult): void {
    if (result.threadId !== null) {
      if (route.kind === 'main') mainThreadId = result.threadId;
      if (route.kind === 'tech') techThreads[String(route.technicianId)] = result.threadId;
    }
    if (result.status === 'blocked' && !clientBlocked) {
      clientBlocked = true;
      enqueue({ kind: 'main' }, { kind: 'notice', key: 'support-note-client-blocked' });
    }
    publish();
  }

  async function runJob(route: SupportRoute, job: Job): Promise<void> {
    switch (job.kind) {
      case 'open':
        applyResult(
          route,
          await telegram.openSupportMainTopic.executeWithOptions({ summary: 'open main topic' }, [{ ticketId }]),
        );
        return;
      case 'copy': {
        // An album waits until no new item came for ALBUM_WINDOW_MS, then goes as one.
        while (job.album !== null && Date.now() < job.deadline) {
          await wf.sleep(job.deadline - Date.now(), { summary: 'collect album items' });
        }
        job.taken = true;
        if (route.kind === 'client' && clientBlocked) return;
        const ids = [...job.ids].sort((a, b) => a - b);
        applyResult(
          route,
          await telegram.deliverSupportCopy.executeWithOptions(
            { summary: `${job.origin.toLowerCase()} message ${ids.join(',')} → ${routeName(route)}` },
            [{ ticketId, origin: job.origin, route, message: job.message, messageIds: ids }],
          ),
        );
        return;
      }
      case 'edit':
        if (route.kind === 'client' && clientBlocked) return;
        applyResult(
          route,
          await telegram.deliverSupportEdit.executeWithOptions(
            { summary: `edit of ${job.message.messageId} → ${routeName(route)}` },
            [{ ticketId, origin: job.origin, route, message: job.message }],
          ),
        );
        return;
      case 'notice':
        if (route.kind === 'client' && clientBlocked) return;
        applyResult(
          route,
          await telegram.postSupportNotice.executeWithOptions({ summary: `${job.key} → ${routeName(route)}` }, [
            { ticketId, route, key: job.key, ...(job.args ? { args: job.args } : {}) },
          ]),
        );
        return;
      case 'retitle':
        applyResult(
          route,
          await telegram.retitleSupportTopic.executeWithOptions({ summary: `retitle ${routeName(route)}` }, [
            { ticketId, route },
          ]),
        );
        return;
      case 'close':
        await telegram.closeSupportTopic.executeWithOptions({ summary: `close ${routeName(route)} topic` }, [
          { ticketId, route },
        ]);
        return;
      case 'card':
        await telegram.finalizeSupportCard.executeWithOptions({ summary: 'update the card' }, [{ ticketId }]);
        return;
      case 'tech':
        applyResult(
          route,
          await telegram.ensureSupportTechTopic.executeWithOptions(
            { summary: `open ${handle(job.technician.username)}'s topic` },
            [{ ticketId, technician: job.technician, assignedBy: job.assignedBy }],
          ),
        );
        return;
    }
  }

  /** Queues a message (or an edit) for each destination; album items join their album's job. */
  function bridge(origin: SupportOrigin, message: BridgeMessage, routes: SupportRoute[]): void {
    for (const route of routes) {
      if (message.editDate !== null) {
        enqueue(route, { kind: 'edit', origin, message });
        continue;
      }
      const album = message.mediaGroupId;
      const open =
        album === null
          ? undefined
          : lanes
              .get(routeName(route))
              ?.jobs.find(
                (j): j is Extract<Job, { kind: 'copy' }> => j.kind === 'copy' && j.album === album && !j.taken,
              );
      if (open) {
        open.ids.push(message.messageId);
        open.deadline = Date.now() + ALBUM_WINDOW_MS;
        continue;
      }
      enqueue(route, {
        kind: 'copy',
        origin,
        message,
        ids: [message.messageId],
        album,
        deadline: Date.now() + ALBUM_WINDOW_MS,
        taken: false,
      });
    }
  }

  /** The first answer to the client stops the SLA (and lifts an overdue mark). */
  async function firstResponse(origin: SupportOrigin): Promise<void> {
    if (firstResponseAt !== null) return;
    firstResponseAt = Date.now();
    const wasOverdue = overdue;
    overdue = false;
    publish();
    await persistence.recordSupportFirstResponse({ ticketId, origin, at: firstResponseAt });
    if (wasOverdue) enqueue({ kind: 'main' }, { kind: 'retitle' });
  }

  // ------------------------------------------------------------------------------------------
  // Handlers (registered before the first await: update-with-start and signal-with-start)

  wf.setHandler(supportViewQuery, view, { description: 'The conversation as the workflow holds it' });

  wf.setHandler(
    supportClientMessageSignal,
    async (message) => {
      if (status === 'closed') {
        reroute.push(message);
        return;
      }
      const unblocked = clientBlocked && message.editDate === null;
      if (unblocked) clientBlocked = false;
      bridge('CLIENT', message, [{ kind: 'main' }, ...(technician ? [techRoute(technician.id)] : [])]);
      if (unblocked) {
        publish();
        await persistence.setSupportClientBlocked({ ticketId, blocked: false });
      }
    },
    { description: "A client's message (or edit) from their private chat" },
  );

  wf.setHandler(
    supportStaffMessageSignal,
    async (message) => {
      if (status === 'closed') return;
      bridge('STAFF', message, [{ kind: 'client' }, ...(technician ? [techRoute(technician.id)] : [])]);
      if (message.editDate === null) await firstResponse('STAFF');
    },
    { description: 'A staff reply in the main topic: to the client as the support team' },
  );

  wf.setHandler(
    supportTechMessageSignal,
    async (message) => {
      // After a reassignment the old technician's topic is no longer bridged.
      if (status === 'closed' || technician?.id !== message.technicianId) return;
      if (message.specialistCall) {
        if (message.editDate !== null) return;
        const { technicianId, chatId, messageId, text } = message;
        // Staff see the call in their topic, marked and in its place; the client never does.
        const args = {
          tech: `${technician.name} (${handle(technician.username)})`,
          text: [...(text ?? '')].slice(0, 3_000).join(''),
        };
        if (wf.patched('help-call-notice')) enqueue(mainRoute, { kind: 'notice', key: 'support-note-help', args });
        await persistence.recordSupportEvent({
          ticketId,
          actor: 'TECH',
          action: 'specialist_called',
          payload: { technician_id: technicianId, chat_id: chatId, message_id: messageId, text: text ?? '' },
        });
        return;
      }
      bridge('TECH', message, [{ kind: 'client' }, { kind: 'main' }]);
      if (message.editDate === null) await firstResponse('TECH');
    },
    { description: "The technician's reply in their topic: to the client and into the main topic" },
  );

  const opKey = () => `${wf.workflowInfo().workflowId}/${wf.currentUpdateInfo()?.id ?? wf.uuid4()}`;

  wf.setHandler(
    supportAssignUpdate,
    (request) =>
      mutex.run(async () => {
        refuse(assignRefusal(view(), request));
        const previous = technician;
        await persistence.persistSupportAssignment({
          ticketId,
          technicianId: request.technician.id,
          previousTechnicianId: previous?.id ?? null,
          actorId: request.actor.id,
          actorName: request.actorName,
          opKey: opKey(),
        });
        technician = request.technician;
        status = 'work';
        const main = mainRoute;
        if (previous) {
          enqueue(techRoute(previous.id), {
            kind: 'notice',
            key: 'support-tech-reassigned',
            args: { tech: handle(request.technician.username) },
          });
          enqueue(techRoute(previous.id), { kind: 'close' });
        }
        enqueue(techRoute(request.technician.id), {
          kind: 'tech',
          technician: request.technician,
          assignedBy: request.actorName,
        });
        enqueue(main, { kind: 'retitle' });
        enqueue(main, {
          kind: 'notice',
          key: previous ? 'support-note-reassigned' : 'support-note-assigned',
          args: {
            tech: handle(request.technician.username),
            previous: previous ? handle(previous.username) : '',
            staff: request.actorName,
          },
        });
        // The card's controls follow: "assigned to X", reassign and close.
        if (wf.patched('card-after-assign')) enqueue(main, { kind: 'card' });
        publish();
        return view();
      }),
    {
      validator: (request) => refuse(assignRefusal(view(), request)),
      description: "Assign (or reassign) a technician: their mirrored topic carries the client's conversation",
    },
  );

  wf.setHandler(
    supportCloseUpdate,
    (request) =>
      mutex.run(async () => {
        refuse(closeRefusal(view(), request));
        await persistence.persistSupportClose({
          ticketId,
          actorId: request.actor.id,
          actorName: request.actorName,
          opKey: opKey(),
        });
        status = 'closed';
        closedBy = request.actorName;
        publish();
        return view();
      }),
    {
      validator: (request) => refuse(closeRefusal(view(), request)),
      description: 'Close: bridge off, topics closed, the survey offered to the client',
    },
  );
  // ------------------------------------------------------------------------------------------
  // Main: the SLA timer, continue-as-new, and the close.

  publish();
  laneOf({ kind: 'main' });
  if (!carried) enqueue({ kind: 'client' }, { kind: 'notice', key: 'support-client-received' });

  const slaMs = input.firstResponseSlaMinutes * 60_000;
  const currentStatus = (): SupportTicketStatus => status;
  while (currentStatus() !== 'closed') {
    const slaDueAt = firstResponseAt === null && !overdue ? openedAt + slaMs : null;
    const wake = () =>
      status === 'closed' ||
      (slaDueAt !== null && firstResponseAt !== null) ||
      wf.workflowInfo().continueAsNewSuggested;
    if (slaDueAt === null) {
      await wf.condition(wake);
    } else {
      const woke = await wf.condition(wake, Math.max(slaDueAt - Date.now(), 1), {
        summary: 'first-response SLA',
      });
      if (!woke && firstResponseAt === null && currentStatus() !== 'closed') {
        overdue = true;
        publish();
        await persistence.markSupportSlaBreached({ ticketId, slaMinutes: input.firstResponseSlaMinutes });
        enqueue(mainRoute, { kind: 'retitle' });
        const minutes = input.firstResponseSlaMinutes;
        enqueue(mainRoute, { kind: 'notice', key: 'support-note-sla-overdue', args: { minutes } });
      }
    }
    if (currentStatus() !== 'closed' && wf.workflowInfo().continueAsNewSuggested) {
      await wf.condition(() => (idle() && wf.allHandlersFinished()) || status === 'closed');
      if (currentStatus() !== 'closed') {
        const state: SupportCarriedState = {
          status,
          openedAt,
          mainThreadId,
          technician,
          techThreads,
          firstResponseAt,
          overdue,
          clientBlocked,
        };
        await wf.continueAsNew<typeof supportTicketWorkflow>({ ...input, state });
      }
    }
  }

  // Closed: what was sent before the close is delivered first, then the topics close.
  await wf.condition(idle);
  const main = mainRoute;
  if (technician) {
    const route = techRoute(technician.id);
    enqueue(route, { kind: 'notice', key: 'support-tech-closed' });
    enqueue(route, { kind: 'retitle' });
    enqueue(route, { kind: 'close' });
  }
  enqueue(main, { kind: 'retitle' });
  enqueue(main, { kind: 'card' });
  enqueue(main, { kind: 'notice', key: 'support-note-closed', args: { staff: closedBy || '—' } });
  enqueue(main, { kind: 'close' });
  enqueue({ kind: 'client' }, { kind: 'notice', key: 'support-client-closed', args: { id: ticketId } });
  await wf.condition(idle);

  if (!clientBlocked) {
    try {
      await wf.startChild(feedbackSurveyWorkflow, {
        workflowId: feedbackWorkflowId(ticketId),
        args: [{ supportTicketId: ticketId, client, config: input.survey }],
        parentClosePolicy: 'ABANDON',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        staticSummary: `Survey · support #${ticketId}`,
      });
    } catch (err) {
      wf.log.warn('survey not started', { ticketId, error: String(err) });
    }
  } else {
    await persistence.recordSupportEvent({
      ticketId,
      actor: 'SYSTEM',
      action: 'survey_skipped',
      payload: { reason: 'client_blocked' },
    });
  }

  // Messages that reached the closed conversation open the client's next one.
  const profile = {
    telegramId: client.telegramId,
    name: client.name,
    username: client.username,
    languageCode: client.locale,
  };
  do {
    while (reroute.length > 0) {
      await persistence.rerouteSupportClientMessage({ message: reroute.shift()!, client: profile });
    }
    await wf.condition(wf.allHandlersFinished);
  } while (reroute.length > 0);
  return view();
}
