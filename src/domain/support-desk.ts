// Support-desk forum topic titles (support-desk.md "Topic titles").
import { type FeedbackStatus, type SupportTicketStatus } from './enums';
import { DomainError } from './errors';
import { isStaff } from './roles';
import type { Actor } from './types';

/**
 * Telegram's limit for a topic name: 128 characters, counted as the Bot API counts them, in UTF-16
 * code units (an emoji outside the BMP counts 2). Not UTF-8 bytes: a Cyrillic name gets all 128.
 */
export const SUPPORT_TOPIC_TITLE_MAX = 128;

export const SUPPORT_STATUS_EMOJI: Readonly<Record<SupportTicketStatus, string>> = {
  new: '🟢',
  work: '🟡',
  closed: '🟣',
};

/** Prefix shown while the first-response SLA is breached. */
export const SUPPORT_OVERDUE_MARK = '⏰ ';

const ELLIPSIS = '…';

/** Localized status words, e.g. {new: "New", work: "In work", closed: "Closed"}. */
export interface SupportStatusLabels {
  readonly new: string;
  readonly work: string;
  readonly closed: string;
}

export interface SupportTopicTitleInput {
  readonly status: SupportTicketStatus;
  readonly id: number;
  readonly clientName: string;
  readonly clientUsername?: string | null;
  readonly techUsername?: string | null;
  readonly overdue?: boolean;
}

function fits(title: string): boolean {
  return title.length <= SUPPORT_TOPIC_TITLE_MAX;
}

/** User-perceived characters, so truncation never splits a surrogate pair, an emoji or a combining sequence. */
let segmenter: Intl.Segmenter | null | undefined;

function graphemes(text: string): string[] {
  if (segmenter === undefined) {
    segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('en', { granularity: 'grapheme' }) : null;
  }
  return segmenter ? [...segmenter.segment(text)].map((s) => s.segment) : [...text];
}

function handle(username: string | null | undefined): string | null {
  const bare = (username ?? '').trim().replace(/^@+/, '');
  return bare === '' ? null : `@${bare}`;
}

/**
 * NEW `🟢 [New] #id | Name (@user)` · WORK `🟡 [In work | @tech] #id | Name` · CLOSED
 * `🟣 [Closed | @tech] #id | Name`, with "⏰ " in front when overdue. Over the limit, the name is
 * shortened with "…" (then the client's @username dropped); the id is never cut.
 */
export function supportTopicTitle(input: SupportTopicTitleInput, labels: SupportStatusLabels): string {
  const tech = input.status === 'new' ? null : handle(input.techUsername);
  const bracket = tech ? `${labels[input.status]} | ${tech}` : labels[input.status];
  const overdue = input.overdue ? SUPPORT_OVERDUE_MARK : '';
  const head = `${overdue}${SUPPORT_STATUS_EMOJI[input.status]} [${bracket}] #${input.id} | `;
  const client = input.status === 'new' ? handle(input.clientUsername) : null;
  const name = input.clientName.replace(/\s+/g, ' ').trim();

  for (const suffix of client ? [` (${client})`, ''] : ['']) {
    if (fits(head + name + suffix)) return head + name + suffix;
    const chars = graphemes(name);
    for (let keep = chars.length - 1; keep >= 0; keep -= 1) {
      const title = `${head}${chars.slice(0, keep).join('').trimEnd()}${ELLIPSIS}${suffix}`;
      if (fits(title)) return title;
    }
  }
  // Only absurdly long labels get here: keep the emoji and the id, which identify the ticket.
  return `${overdue}${SUPPORT_STATUS_EMOJI[input.status]} #${input.id}`;
}

// ---------------------------------------------------------------- Support refusals, content kinds, survey

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

/** A support refusal as the DomainError every caller understands (code `support.<refusal>`). */
export function supportRefusal(code: SupportRefusal): DomainError {
  return new DomainError(`support.${code}`);
}

export function isSupportRefusal(err: unknown): err is DomainError {
  return err instanceof DomainError && err.code.startsWith('support.');
}

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

export const SURVEY_QUESTIONS = [1, 2, 3] as const;
export type SurveyQuestion = (typeof SURVEY_QUESTIONS)[number];

/** Staff of the support desk: masters, ops managers, super admins. */
export function isSupportStaff(actor: Actor): boolean {
  return isStaff(actor.roles);
}

/** What the support guards read of a conversation (the workflow's SupportView is one). */
export interface SupportConversationFacts {
  readonly status: SupportTicketStatus;
  readonly technician: { readonly id: number } | null;
}

/** What the feedback guards read of a survey (the workflow's FeedbackView is one). */
export interface SurveyFacts {
  readonly status: FeedbackStatus;
  readonly scores: readonly (number | null)[];
  readonly awaitingComment: boolean;
}

export function assignRefusal(
  view: SupportConversationFacts,
  input: { readonly actor: Actor; readonly technician: { readonly id: number; readonly groupChatId: number } },
): SupportRefusal | null {
  if (!isSupportStaff(input.actor)) return 'not_staff';
  if (view.status === 'closed') return 'closed';
  if (!Number.isInteger(input.technician.groupChatId) || input.technician.groupChatId === 0)
    return 'technician_without_group';
  if (view.technician?.id === input.technician.id) return 'already_assigned';
  return null;
}

export function closeRefusal(view: SupportConversationFacts, input: { readonly actor: Actor }): SupportRefusal | null {
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
  view: SurveyFacts,
  clientTelegramId: number,
  input: { readonly telegramId: number; readonly question: number; readonly score: number },
): SupportRefusal | null {
  if (input.telegramId !== clientTelegramId) return 'not_your_survey';
  if (view.status !== 'pending') return 'survey_finished';
  if (!Number.isInteger(input.score) || input.score < 1 || input.score > 5) return 'score_invalid';
  if (nextQuestion(view.scores) !== input.question) return 'question_answered';
  return null;
}

export function commentRefusal(
  view: SurveyFacts,
  clientTelegramId: number,
  input: { readonly telegramId: number; readonly text: string },
): SupportRefusal | null {
  if (input.telegramId !== clientTelegramId) return 'not_your_survey';
  if (view.status !== 'pending') return 'survey_finished';
  if (!view.awaitingComment || input.text.trim() === '') return 'comment_not_expected';
  return null;
}
