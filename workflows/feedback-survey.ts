// FeedbackSurveyWorkflow (`feedback-<supportId>`): three scores 1–5 on the buttons of one message
// (edited as the client answers), then a comment when any score is below 5, asked for in a new
// message (an edit makes no sound on the client's phone). Durable timers: one
// reminder, then expiry — recorded as expired with whatever was answered, never lost. The summary
// goes to the ticket's main topic at the end.
import * as wf from '@temporalio/workflow';
import { refuseSupport } from '../src/contracts/failures';
import type { FeedbackStatus } from '../src/domain';
import { ClientTelegramIdKey } from '../src/contracts/search-attributes';
import type { Activities } from '../activities';
import { DELIVERY_OPTIONS, PERSISTENCE_OPTIONS } from './activity-options';
import { Mutex } from './mutex';
import {
  feedbackAnswerUpdate,
  feedbackCommentUpdate,
  type FeedbackSurveyInput,
  type FeedbackView,
  feedbackViewQuery,
} from '../src/contracts/support';
import { answerRefusal, commentRefusal, nextQuestion, wantsComment } from '../src/domain';

const persistence = wf.proxyActivities<Activities>(PERSISTENCE_OPTIONS);

const telegram = wf.proxyActivities<Activities>(DELIVERY_OPTIONS);

/** Longest comment kept. */
export const SURVEY_COMMENT_MAX = 2000;

export async function feedbackSurveyWorkflow(input: FeedbackSurveyInput): Promise<FeedbackView> {
  const { supportTicketId, client, config } = input;
  const scores: (number | null)[] = [null, null, null];
  let comment: string | null = null;
  let status: FeedbackStatus = 'pending';
  let awaitingComment = false;
  let reminded = false;
  let commentAsked = false;
  let commentDeadline = 0;
  let messageId: number | null = null;
  // The survey message is redrawn by its own loop, so an answer never waits for Telegram.
  let version = 0;
  let rendered = 0;
  const mutex = new Mutex();

  const view = (): FeedbackView => ({
    supportTicketId,
    status,
    scores: [...scores],
    comment,
    awaitingComment,
    reminded,
  });
  const details = () =>
    [
      `**Survey** · support #${supportTicketId} · ${client.name} (Telegram ${client.telegramId})`,
      `- status: **${status}**${awaitingComment ? ' (waiting for a comment)' : ''}${reminded ? ' · reminded' : ''}`,
      `- scores: ${scores.map((s) => s ?? '—').join(' / ')}`,
      comment !== null ? `- comment: ${comment.length > 200 ? `${comment.slice(0, 200)}…` : comment}` : null,
    ]
      .filter((line) => line !== null)
      .join('\n');
  const publish = () => {
    version += 1;
    wf.setCurrentDetails(details());
  };
  const persist = (
    actor: 'CLIENT' | 'SYSTEM',
    action: string,
    payload: Record<string, string | number | boolean> = {},
  ) =>
    persistence.recordFeedback({
      supportTicketId,
      scores: [...scores],
      comment,
      status,
      event: { actor, action, payload },
    });

  wf.setHandler(feedbackViewQuery, view, { description: 'The answers so far' });

  // An operator's `ClientTelegramId = N` finds the client's conversations and their surveys.
  if (wf.patched('survey-client-search-attribute')) {
    wf.upsertSearchAttributes([{ key: ClientTelegramIdKey, value: client.telegramId }]);
  }
  // The card shows the survey from the start, not only once its message is out.
  wf.setCurrentDetails(`${details()}\n- message: not sent yet`);

  wf.setHandler(
    feedbackAnswerUpdate,
    (answer) =>
      mutex.run(async () => {
        refuseSupport(answerRefusal(view(), client.telegramId, answer));
        scores[answer.question - 1] = answer.score;
        if (nextQuestion(scores) === null) {
          if (wantsComment(scores)) {
            awaitingComment = true;
            commentDeadline = Date.now() + config.commentWaitMinutes * 60_000;
          } else {
            status = 'completed';
          }
        }
        publish();
        await persist('CLIENT', status === 'completed' ? 'survey_completed' : 'survey_answered', {
          question: answer.question,
          score: answer.score,
        });
        return view();
      }),
    {
      validator: (answer) => refuseSupport(answerRefusal(view(), client.telegramId, answer)),
      description: 'A score (1–5) for the question waiting for one',
    },
  );

  wf.setHandler(
    feedbackCommentUpdate,
    (input) =>
      mutex.run(async () => {
        refuseSupport(commentRefusal(view(), client.telegramId, input));
        comment = input.text.trim().slice(0, SURVEY_COMMENT_MAX);
        awaitingComment = false;
        status = 'completed';
        publish();
        await persist('CLIENT', 'survey_commented');
        return view();
      }),
    {
      validator: (input) => refuseSupport(commentRefusal(view(), client.telegramId, input)),
      description: "The client's comment after a score below 5",
    },
  );

  const started = await telegram.startFeedbackSurvey.executeWithOptions({ summary: 'send the survey' }, [
    { supportTicketId, client },
  ]);
  messageId = started.messageId;
  publish();
  rendered = version;

  void (async () => {
    for (;;) {
      await wf.condition(() => version > rendered);
      const drawing = version;
      if (messageId !== null) {
        try {
          await telegram.renderFeedbackSurvey.executeWithOptions({ summary: 'redraw the survey' }, [
            { supportTicketId, client, messageId, view: view() },
          ]);
        } catch (err) {
          wf.log.warn('survey message not redrawn', { supportTicketId, error: String(err) });
        }
      }
      rendered = drawing;
    }
  })();

  if (messageId === null) {
    // The survey could not reach the client (no bot, or they blocked it).
    status = 'expired';
    publish();
    await persist('SYSTEM', 'survey_undeliverable');
  }

  const startedAt = Date.now();
  const reminderAt = startedAt + config.reminderMinutes * 60_000;
  const expiresAt = startedAt + config.expiryMinutes * 60_000;
  const currentStatus = (): FeedbackStatus => status;
  const waitingForScores = () => currentStatus() === 'pending' && !awaitingComment;

  while (currentStatus() === 'pending') {
    if (awaitingComment) {
      // Runs from before this patch asked only in the survey's edit: their histories have no such command.
      if (!commentAsked && messageId !== null && wf.patched('survey-comment-ask-message')) {
        commentAsked = true;
        await telegram.askFeedbackComment
          .executeWithOptions({ summary: 'ask the client for a comment' }, [{ supportTicketId, client, messageId }])
          .catch((err: unknown) => wf.log.warn('comment request not sent', { supportTicketId, error: String(err) }));
      }
      const answered = await wf.condition(() => status !== 'pending', Math.max(commentDeadline - Date.now(), 1), {
        summary: 'comment wait',
      });
      if (!answered && currentStatus() === 'pending') {
        // No comment came: the scores stand.
        awaitingComment = false;
        status = 'completed';
        publish();
        await persist('SYSTEM', 'survey_completed', { comment: false });
      }
    } else if (!reminded && reminderAt < expiresAt && Date.now() < reminderAt) {
      const moved = await wf.condition(() => !waitingForScores(), reminderAt - Date.now(), { summary: 'reminder' });
      if (!moved && waitingForScores() && messageId !== null) {
        reminded = true;
        publish();
        await telegram.remindFeedbackSurvey.executeWithOptions({ summary: 'remind the client' }, [
          { supportTicketId, client, messageId },
        ]);
      }
    } else {
      const moved = await wf.condition(() => !waitingForScores(), Math.max(expiresAt - Date.now(), 1), {
        summary: 'expiry',
      });
      if (!moved && waitingForScores()) {
        status = 'expired';
        publish();
        await persist('SYSTEM', 'survey_expired', { answered: scores.filter((s) => s !== null).length });
      }
    }
  }

  await wf.condition(wf.allHandlersFinished);
  await wf.condition(() => rendered === version);
  await telegram.postFeedbackSummary.executeWithOptions({ summary: 'summary to the main topic' }, [
    { supportTicketId, view: view() },
  ]);
  return view();
}
