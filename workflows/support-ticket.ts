// SupportTicketWorkflow (`support-<id>`): one client conversation. Messages arrive as signals
// (client, staff in the main topic, the technician in their topic) and leave through activities,
// one lane per destination so each chat gets them in order (./support-lanes: DeliveryLanes). Staff
// assign and close through updates (pure guards as validators); the state and the handlers are the
// SupportConversation (./support-conversation). Here: a durable timer watches the first-response SLA,
// long histories continue as new, and the close delivers what is left, closes the topics and starts
// the FeedbackSurveyWorkflow.
import * as wf from '@temporalio/workflow';
import type { SupportTicketStatus } from '../src/domain';
import type { Activities } from '../activities';
import { PERSISTENCE_OPTIONS } from './activity-options';
import { feedbackSurveyWorkflow } from './feedback-survey';
import { feedbackWorkflowId, type SupportTicketWorkflowInput, type SupportView } from '../src/contracts/support';
import { SupportConversation } from './support-conversation';
import { mainRoute, techRoute } from './support-lanes';

const persistence = wf.proxyActivities<Activities>(PERSISTENCE_OPTIONS);

export async function supportTicketWorkflow(input: SupportTicketWorkflowInput): Promise<SupportView> {
  const { ticketId, client } = input;
  const conversation = new SupportConversation(input);
  const { lanes } = conversation;
  // Handlers first: before the first await (update-with-start and signal-with-start).
  conversation.register();

  // ------------------------------------------------------------------------------------------
  // Main: the SLA timer, continue-as-new, and the close.

  conversation.publish();
  lanes.laneOf(mainRoute);
  if (!input.state) lanes.enqueue({ kind: 'client' }, { kind: 'notice', key: 'support-client-received' });

  const slaMs = input.firstResponseSlaMinutes * 60_000;
  const currentStatus = (): SupportTicketStatus => conversation.status;
  while (currentStatus() !== 'closed') {
    const slaDueAt =
      conversation.firstResponseAt === null && !conversation.overdue ? conversation.openedAt + slaMs : null;
    const wake = () =>
      conversation.status === 'closed' ||
      (slaDueAt !== null && conversation.firstResponseAt !== null) ||
      wf.workflowInfo().continueAsNewSuggested;
    if (slaDueAt === null) {
      await wf.condition(wake);
    } else {
      const woke = await wf.condition(wake, Math.max(slaDueAt - Date.now(), 1), {
        summary: 'first-response SLA',
      });
      if (!woke && conversation.firstResponseAt === null && currentStatus() !== 'closed') {
        conversation.overdue = true;
        conversation.publish();
        await persistence.markSupportSlaBreached({ ticketId, slaMinutes: input.firstResponseSlaMinutes });
        lanes.enqueue(mainRoute, { kind: 'retitle' });
        const minutes = input.firstResponseSlaMinutes;
        lanes.enqueue(mainRoute, { kind: 'notice', key: 'support-note-sla-overdue', args: { minutes } });
      }
    }
    if (currentStatus() !== 'closed' && wf.workflowInfo().continueAsNewSuggested) {
      await wf.condition(() => (lanes.idle() && wf.allHandlersFinished()) || conversation.status === 'closed');
      if (currentStatus() !== 'closed') {
        await wf.continueAsNew<typeof supportTicketWorkflow>({ ...input, state: conversation.carriedState() });
      }
    }
  }

  // Closed: what was sent before the close is delivered first, then the topics close.
  await wf.condition(() => lanes.idle());
  const { technician } = conversation;
  if (technician) {
    const route = techRoute(technician.id);
    lanes.enqueue(route, { kind: 'notice', key: 'support-tech-closed' });
    lanes.enqueue(route, { kind: 'retitle' });
    lanes.enqueue(route, { kind: 'close' });
  }
  lanes.enqueue(mainRoute, { kind: 'retitle' });
  lanes.enqueue(mainRoute, { kind: 'card' });
  lanes.enqueue(mainRoute, {
    kind: 'notice',
    key: 'support-note-closed',
    args: { staff: conversation.closedBy || '—' },
  });
  lanes.enqueue(mainRoute, { kind: 'close' });
  lanes.enqueue({ kind: 'client' }, { kind: 'notice', key: 'support-client-closed', args: { id: ticketId } });
  await wf.condition(() => lanes.idle());

  if (!conversation.clientBlocked) {
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
  const { reroute } = conversation;
  do {
    while (reroute.length > 0) {
      await persistence.rerouteSupportClientMessage({ message: reroute.shift()!, client: profile });
    }
    await wf.condition(wf.allHandlersFinished);
  } while (reroute.length > 0);
  return conversation.view();
}
