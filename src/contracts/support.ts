// Messages of the support desk workflows (SupportTicketWorkflow, FeedbackSurveyWorkflow), defined
// once and shared by workflows, activities, the bot and tests (their guards are domain rules: src/domain/support-desk.ts).
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { MessageEntity } from 'grammy/types';
import {
  type Actor,
  type BridgedContent,
  type FeedbackStatus,
  type SupportTicketStatus,
  type SurveyQuestion,
} from '../domain';

export const supportWorkflowId = (supportTicketId: number): string => `support-${supportTicketId}`;
export const feedbackWorkflowId = (supportTicketId: number): string => `feedback-${supportTicketId}`;

/** Failure type of a refused support action; the message is a SupportRefusal code. */
export const SUPPORT_REFUSED = 'SupportRefused';

/** Who wrote a bridged message: the client, staff in the main topic, a technician in their topic. */
export type SupportOrigin = 'CLIENT' | 'STAFF' | 'TECH';

/** The Telegram person behind a client message. */
export interface ClientProfile {
  telegramId: number;
  name: string;
  username: string | null;
  languageCode: string | null;
}

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
