// Messages of the support desk workflows (SupportTicketWorkflow, FeedbackSurveyWorkflow), defined
// once and shared by workflows, activities, the bot and tests; plus the pure guards both sides use.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { MessageEntity } from 'grammy/types';
import { type Actor, type FeedbackStatus, isStaff, type SupportTicketStatus } from '../domain';

export const supportWorkflowId = (supportTicketId: number): string => `support-${supportTicketId}`;
export const feedbackWorkflowId = (supportTicketId: number): string => `feedback-${supportTicketId}`;

/** Failure type of a refused support action; the message is a SupportRefusal code. */
export const SUPPORT_REFUSED = 'SupportRefused';

export const SUPPORT_REFUSALS = [
  'closed',
  'not_staff',
  'already_assigned',
  'technician_without_group',
  'not_your_survey',
  'survey_finished',
  'question_answered',
  'score_invalid',
  'comment_not_expected',
] as const;
export type SupportRefusal = (typeof SUPPORT_REFUSALS)[number];

/** Who wrote a bridged message: the client, staff in the main topic, a technician in their topic. */
export type SupportOrigin = 'CLIENT' | 'STAFF' | 'TECH';

/** Kinds of message the bridge copies; everything else (service messages, games, invoices) is not bridged. */
export const BRIDGED_CONTENT = [
  'text',
  'photo',
  'video',
  'animation',
  'document',
  'audio',
  'voice',
  'video_note',
  'sticker',
  'contact',
  'location',
  'venue',
  'dice',
  'poll',
] as const;
export type BridgedContent = (typeof BRIDGED_CONTENT)[number];

/** Content kinds whose copy can carry a caption (so a label can lead it). */
export const CAPTIONED_CONTENT: readonly BridgedContent[] = [
  'photo',
  'video',
  'animation',
  'document',
  'audio',
  'voice',
];

export interface BridgeSender {
  readonly telegramId: number;
  readonly name: string;
  readonly username: string | null;
}

/** One Telegram message (or an edit of one) on its way across the bridge. */
export interface BridgeMessage {
  readonly chatId: number;
  readonly messageId: number;
  /** Forum topic of a group message; null in the client's private chat. */
  readonly threadId: number | null;
  readonly content: BridgedContent;
  /** Text, or the caption of a media message. */
  readonly text: string | null;
  readonly entities: readonly MessageEntity[];
  readonly mediaGroupId: string | null;
  /** The message this one replies to, in the same chat (never the topic's root). */
  readonly replyToMessageId: number | null;
  readonly from: BridgeSender;
  /** Set on edits (`edited_message`): the edit date in seconds. */
  readonly editDate: number | null;
}

/** A technician's message comes from the topic of one technician's thread. */
export interface TechBridgeMessage extends BridgeMessage {
  readonly technicianId: number;
  /** "@someone help": a call for a specialist, recorded and never sent to the client. */
  readonly specialistCall: boolean;
}

export interface SupportClient {
  readonly telegramId: number;
  readonly name: string;
  readonly username: string | null;
  /** The client's language: texts sent to them use it. */
  readonly locale: string;
}

export interface SupportTechnician {
  readonly id: number;
  /** Telegram @username where known, else the account username. */
  readonly username: string;
  readonly name: string;
  readonly groupChatId: number;
}

export interface SupportSurveyConfig {
  readonly reminderMinutes: number;
  readonly expiryMinutes: number;
  readonly commentWaitMinutes: number;
}

/** What a run carries over continue-as-new. */
export interface SupportCarriedState {
  readonly status: SupportTicketStatus;
  readonly openedAt: number;
  readonly mainThreadId: number | null;
  readonly technician: SupportTechnician | null;
  readonly techThreads: Readonly<Record<string, number>>;
  readonly firstResponseAt: number | null;
  readonly overdue: boolean;
  readonly clientBlocked: boolean;
}

export interface SupportTicketWorkflowInput {
  readonly ticketId: number;
  readonly client: SupportClient;
  readonly mainChatId: number;
  readonly firstResponseSlaMinutes: number;
  readonly survey: SupportSurveyConfig;
  readonly state?: SupportCarriedState;
}

export interface SupportView {
  readonly ticketId: number;
  readonly status: SupportTicketStatus;
  readonly clientTelegramId: number;
  readonly mainChatId: number;
  readonly mainThreadId: number | null;
  readonly technician: SupportTechnician | null;
  readonly firstResponseAt: number | null;
  readonly overdue: boolean;
  readonly clientBlocked: boolean;
}

export interface SupportActorInput {
  readonly actor: Actor;
  /** Display handle of the staff member, for the notes in the topic. */
  readonly actorName: string;
}

export interface SupportAssignInput extends SupportActorInput {
  readonly technician: SupportTechnician;
}

export const supportClientMessageSignal = defineSignal<[BridgeMessage]>('clientMessage');
export const supportStaffMessageSignal = defineSignal<[BridgeMessage]>('staffMessage');
export const supportTechMessageSignal = defineSignal<[TechBridgeMessage]>('techMessage');
export const supportAssignUpdate = defineUpdate<SupportView, [SupportAssignInput]>('assign');
export const supportCloseUpdate = defineUpdate<SupportView, [SupportActorInput]>('close');
export const supportViewQuery = defineQuery<SupportView>('view');

// ---------------------------------------------------------------- Feedback survey

export const SURVEY_QUESTIONS = [1, 2, 3] as const;
export type SurveyQuestion = (typeof SURVEY_QUESTIONS)[number];

export interface FeedbackSurveyInput {
  readonly supportTicketId: number;
  readonly client: SupportClient;
  readonly config: SupportSurveyConfig;
}

export interface FeedbackView {
  readonly supportTicketId: number;
  readonly status: FeedbackStatus;
  /** Scores of questions 1..3 (null: not answered). */
  readonly scores: readonly (number | null)[];
  readonly comment: string | null;
  readonly awaitingComment: boolean;
  readonly reminded: boolean;
}

export interface FeedbackAnswerInput {
  readonly telegramId: number;
  readonly question: SurveyQuestion;
  readonly score: number;
}

export interface FeedbackCommentInput {
  readonly telegramId: number;
  readonly text: string;
}

export const feedbackAnswerUpdate = defineUpdate<FeedbackView, [FeedbackAnswerInput]>('answer');
export const feedbackCommentUpdate = defineUpdate<FeedbackView, [FeedbackCommentInput]>('comment');
export const feedbackViewQuery = defineQuery<FeedbackView>('view');

// ---------------------------------------------------------------- Pure guards

/** Staff of the support desk: masters, ops managers, super admins. */
export function isSupportStaff(actor: Actor): boolean {
  return isStaff(actor.roles);
}

export function assignRefusal(view: SupportView, input: SupportAssignInput): SupportRefusal | null {
  if (!isSupportStaff(input.actor)) return 'not_staff';
  if (view.status === 'closed') return 'closed';
  if (!Number.isInteger(input.technician.groupChatId) || input.technician.groupChatId === 0)
    return 'technician_without_group';
  if (view.technician?.id === input.technician.id) return 'already_assigned';
  return null;
}

export function closeRefusal(view: SupportView, input: SupportActorInput): SupportRefusal | null {
  if (!isSupportStaff(input.actor)) return 'not_staff';
  if (view.status === 'closed') return 'closed';
  return null;
}

/** The question waiting for a score, or null when all three are answered. */
export function nextQuestion(scores: readonly (number | null)[]): SurveyQuestion | null {
  const index = scores.findIndex((s) => s === null);
  return index === -1 ? null : (SURVEY_QUESTIONS[index] ?? null);
}

/** A comment is asked for when every question is answered and any score is below 5. */
export function wantsComment(scores: readonly (number | null)[]): boolean {
  return nextQuestion(scores) === null && scores.some((s) => s !== null && s < 5);
}

export function answerRefusal(
  view: FeedbackView,
  clientTelegramId: number,
  input: FeedbackAnswerInput,
): SupportRefusal | null {
  if (input.telegramId !== clientTelegramId) return 'not_your_survey';
  if (view.status !== 'pending') return 'survey_finished';
  if (!Number.isInteger(input.score) || input.score < 1 || input.score > 5) return 'score_invalid';
  if (nextQuestion(view.scores) !== input.question) return 'question_answered';
  return null;
}

export function commentRefusal(
  view: FeedbackView,
  clientTelegramId: number,
  input: FeedbackCommentInput,
): SupportRefusal | null {
  if (input.telegramId !== clientTelegramId) return 'not_your_survey';
  if (view.status !== 'pending') return 'survey_finished';
  if (!view.awaitingComment || input.text.trim() === '') return 'comment_not_expected';
  return null;
}
