// The satisfaction survey's activities: the Feedback row (created pending, updated as the client
// answers, completed or expired — never lost half-answered), the one survey message in the client's
// chat (edited as answered), the comment request and the reminder (new messages, so the client is
// notified: an edit makes no sound), and the summary in the ticket's main topic.
import { GrammyError } from 'grammy';
import type { EventActor, FeedbackStatus, JsonObject } from '../src/domain';
import { feedbackSummaryText, surveyKeyboard, surveyText } from '../src/ui/render/support';
import { isBlockedByUser, telegramActivityFailure } from '../src/telegram/delivery';
import type { FeedbackView, SupportClient } from '../src/contracts/support';
import type { SupportBridgeActivities } from './support-bridge';
import { sql } from '../src/db/sql';
import { fork, idempotent, type SupportActivityDeps, translator } from './support-shared';
import { recordEvent } from '../src/db/support-events';

export interface StartFeedbackParams {
  supportTicketId: number;
  client: SupportClient;
}

export interface RecordFeedbackParams {
  supportTicketId: number;
  scores: readonly (number | null)[];
  comment: string | null;
  status: FeedbackStatus;
  /** The audit entry of this step. */
  event: { actor: EventActor; action: string; payload?: JsonObject };
}

export interface RenderFeedbackParams {
  supportTicketId: number;
  client: SupportClient;
  messageId: number;
  view: FeedbackView;
}

export function createSupportSurveyActivities(deps: SupportActivityDeps, bridge: SupportBridgeActivities) {
  /** Sends to the client; a client who blocked the bot is recorded, not retried. */
  async function toClient<T>(supportTicketId: number, send: () => Promise<T>): Promise<T | null> {
    try {
      return await send();
    } catch (err) {
      if (isBlockedByUser(err)) {
        const em = fork(deps);
        await sql(em, 'update support_ticket set client_blocked_at = coalesce(client_blocked_at, now()) where id = ?', [
          supportTicketId,
        ]);
        await recordEvent(em, supportTicketId, 'SYSTEM', 'client_blocked', { during: 'survey' });
        return null;
      }
      if (err instanceof GrammyError && err.error_code === 400) {
        deps.logger.warn({ err, ticket_id: supportTicketId }, 'survey message refused by Telegram');
        return null;
      }
      throw telegramActivityFailure(err);
    }
  }

  return {
    /** Creates the pending Feedback row (once) and sends the survey's first question. */
    async startFeedbackSurvey(params: StartFeedbackParams): Promise<{ messageId: number | null }> {
      const em = fork(deps);
      const inserted = await sql(
        em,
        'insert into feedback (support_ticket_id) values (?) on conflict (support_ticket_id) do nothing returning id',
        [params.supportTicketId],
      );
      if (inserted.length > 0) await recordEvent(em, params.supportTicketId, 'SYSTEM', 'survey_started');
      const api = deps.telegram;
      if (!api) return { messageId: null };
      const t = translator(deps, params.client.locale);
      const view = { status: 'pending' as const, scores: [null, null, null], comment: null, awaitingComment: false };
      const sent = await toClient(params.supportTicketId, () =>
        api.sendMessage(params.client.telegramId, surveyText(t, params.supportTicketId, view), {
          parse_mode: 'HTML',
          reply_markup: surveyKeyboard(params.supportTicketId, view),
        }),
      );
      return { messageId: sent?.message_id ?? null };
    },

    /** Writes the answers so far (and the status) with the step's audit entry. */
    async recordFeedback(params: RecordFeedbackParams): Promise<void> {
      const [q1, q2, q3] = params.scores;
      await fork(deps).transactional(async (tx) => {
        await sql(
          tx,
          `update feedback set q1 = ?, q2 = ?, q3 = ?, comment = ?, status = ?,
                  completed_at = case when ? <> 'pending' then coalesce(completed_at, now()) end
            where support_ticket_id = ?`,
          [q1 ?? null, q2 ?? null, q3 ?? null, params.comment, params.status, params.status, params.supportTicketId],
        );
        await recordEvent(tx, params.supportTicketId, params.event.actor, params.event.action, {
          ...(params.event.payload ?? {}),
          status: params.status,
        });
      });
    },

    /** Edits the survey message to show the answers so far and what comes next. */
    async renderFeedbackSurvey(params: RenderFeedbackParams): Promise<void> {
      const api = deps.telegram;
      if (!api) return;
      const t = translator(deps, params.client.locale);
      await toClient(params.supportTicketId, () =>
        idempotent(() =>
          api.editMessageText(
            params.client.telegramId,
            params.messageId,
            surveyText(t, params.supportTicketId, params.view),
            { parse_mode: 'HTML', reply_markup: surveyKeyboard(params.supportTicketId, params.view) },
          ),
        ),
      );
    },

    /**
     * After a score below 5: "what could we improve?" as a new message replying to the survey, so
     * the client's phone tells them (the survey's own edit does not).
     */
    async askFeedbackComment(params: { supportTicketId: number; client: SupportClient; messageId: number }) {
      const api = deps.telegram;
      if (!api) return;
      const t = translator(deps, params.client.locale);
      await toClient(params.supportTicketId, () =>
        api.sendMessage(params.client.telegramId, t('support-survey-comment-ask'), {
          reply_parameters: { message_id: params.messageId, allow_sending_without_reply: true },
        }),
      );
    },

    /** One reminder, as a reply to the survey message. */
    async remindFeedbackSurvey(params: { supportTicketId: number; client: SupportClient; messageId: number }) {
      const api = deps.telegram;
      await recordEvent(fork(deps), params.supportTicketId, 'SYSTEM', 'survey_reminded');
      if (!api) return;
      const t = translator(deps, params.client.locale);
      await toClient(params.supportTicketId, () =>
        api.sendMessage(params.client.telegramId, t('support-survey-reminder'), {
          reply_parameters: { message_id: params.messageId, allow_sending_without_reply: true },
        }),
      );
    },

    /** The short summary in the ticket's (closed) main topic, which stays closed afterwards. */
    async postFeedbackSummary(params: { supportTicketId: number; view: FeedbackView }): Promise<void> {
      const t = translator(deps, deps.config.defaultLocale);
      const text = feedbackSummaryText(t, params.supportTicketId, params.view);
      await bridge.postSupportNotice({
        ticketId: params.supportTicketId,
        route: { kind: 'main' },
        key: 'support-raw',
        args: { text },
        keepClosed: true,
      });
    },
  };
}
