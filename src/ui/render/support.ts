// Texts and keyboards of the support desk (pure: view model in, HTML / markup out). Activities
// render with the recipient's locale: the client's for the client, the default one for the groups.
import type { InlineKeyboardMarkup, MessageEntity } from 'grammy/types';
import type { FeedbackStatus, SupportStatusLabels, SupportTicketStatus } from '../../domain';
import type { ClientCard } from '../../reads/client-cards';
import type { SupportTechnicianOption } from '../../reads/support-technicians';
import { type SupportOrigin } from '../../contracts/support';
import { nextQuestion, SURVEY_QUESTIONS } from '../../domain';
import { supportButton } from '../callbacks/support';
import { escapeHtml } from './html';
import type { Translate } from '../../i18n';

/** Telegram's limits on a text message and on a caption, in UTF-16 code units (as entity offsets). */
export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;

export function supportStatusLabels(t: Translate): SupportStatusLabels {
  return { new: t('support-status-new'), work: t('support-status-work'), closed: t('support-status-closed') };
}

const handle = (username: string | null | undefined) => {
  const bare = (username ?? '').replace(/^@+/, '').trim();
  return bare ? `@${bare}` : '';
};

export interface SupportCardInput {
  ticketId: number;
  client: { telegramId: number; name: string; username: string | null };
  card: ClientCard;
  technicians: readonly SupportTechnicianOption[];
  /** Where the ticket is: the picker while new, "assigned to" and reassign while in work, nothing once closed. */
  state?: SupportCardState;
}

export interface SupportCardState {
  status: SupportTicketStatus;
  technician: { id: number; name: string; username: string | null } | null;
}

/** At most `max` UTF-16 code units, never ending inside a surrogate pair. */
function clip(text: string, max: number): string {
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max) break;
    out += char;
  }
  return out;
}

/** Technicians a staff member can pick now: with a group, and not the one already assigned. */
const pickable = (technicians: readonly SupportTechnicianOption[], state: SupportCardState | undefined) =>
  technicians.filter((tech) => tech.groupChatId !== null && tech.id !== state?.technician?.id);

/** The client card that opens each ticket's topic: who wrote, what the card source knows, who can take it. */
export function supportCardText(t: Translate, input: SupportCardInput): string {
  const { client, card } = input;
  const lines = [
    t('support-card-title', { id: String(input.ticketId) }),
    t('support-card-client', {
      name: escapeHtml(client.name),
      username: escapeHtml(handle(client.username) || '—'),
      id: String(client.telegramId),
    }),
  ];
  for (const field of card.fields) {
    const label = field.labelKey ? t(field.labelKey) : field.label;
    lines.push(`• ${escapeHtml(label)}: ${escapeHtml(field.value)}`);
  }
  if (card.fields.length === 0) lines.push(t('support-card-no-data'));
  lines.push('');
  const { state } = input;
  if (state?.status === 'closed') {
    lines.push(t('support-card-closed'));
    return lines.join('\n');
  }
  const withGroup = pickable(input.technicians, state);
  const withoutGroup = input.technicians.filter((tech) => tech.groupChatId === null);
  const assigned = state?.status === 'work' ? state.technician : null;
  if (assigned) {
    lines.push(t('support-card-assigned', { tech: escapeHtml(handle(assigned.username) || assigned.name) }));
    if (withGroup.length > 0) lines.push(t('support-card-reassign'));
  } else {
    lines.push(withGroup.length > 0 ? t('support-card-pick') : t('support-card-no-technicians'));
  }
  if (withoutGroup.length > 0) {
    lines.push(
      t('support-card-without-group', {
        names: withoutGroup.map((tech) => escapeHtml(handle(tech.username) || tech.name)).join(', '),
      }),
    );
  }
  return lines.join('\n');
}

/**
 * Technician buttons (only those with a group, not the one assigned: a press reassigns), two per
 * row, then Close; none once the ticket is closed.
 */
export function supportCardKeyboard(
  t: Translate,
  ticketId: number,
  technicians: readonly SupportTechnicianOption[],
  state?: SupportCardState,
): InlineKeyboardMarkup {
  if (state?.status === 'closed') return { inline_keyboard: [] };
  const buttons = pickable(technicians, state).map((tech) => ({
    text: clip(`🔧 ${tech.name}${handle(tech.username) ? ` (${handle(tech.username)})` : ''}`, 60),
    callback_data: supportButton.encode({ kind: 'assign', ticketId, technicianId: tech.id }),
  }));
  const rows = [];
  for (let i = 0; i < buttons.length; i += 2) rows.push(buttons.slice(i, i + 2));
  rows.push([{ text: t('support-button-close'), callback_data: supportButton.encode({ kind: 'close', ticketId }) }]);
  return { inline_keyboard: rows };
}

/**
 * Who wrote a copy, where that is not obvious: technicians' messages in the main topic, staff
 * messages in the technician's topic. The client always sees the support team, unlabelled.
 */
export function copyLabel(
  t: Translate,
  origin: SupportOrigin,
  route: 'main' | 'client' | 'tech',
  sender: { name: string; username: string | null },
): string | null {
  const who = handle(sender.username) ? `${sender.name} (${handle(sender.username)})` : sender.name;
  if (origin === 'TECH' && route === 'main') return t('support-label-tech', { name: who });
  if (origin === 'STAFF' && route === 'tech') return t('support-label-staff', { name: who });
  return null;
}

/**
 * Puts a bold label line in front of a text or caption, shifting its entities; null when the result
 * would exceed the limit (the label then goes as a message of its own).
 */
export function withLabel(
  label: string,
  text: string | null,
  entities: readonly MessageEntity[],
  limit: number,
): { text: string; entities: MessageEntity[] } | null {
  const head = text ? `${label}\n` : label;
  const full = head + (text ?? '');
  if (full.length > limit) return null;
  return {
    text: full,
    entities: [
      { type: 'bold', offset: 0, length: label.length },
      ...entities.map((e) => ({ ...e, offset: e.offset + head.length })),
    ],
  };
}

export interface TechIntroInput {
  ticketId: number;
  client: { name: string; username: string | null };
  assignedBy: string;
}

export function techIntroText(t: Translate, input: TechIntroInput): string {
  return t('support-tech-intro', {
    id: String(input.ticketId),
    name: escapeHtml(input.client.name),
    username: escapeHtml(handle(input.client.username) || '—'),
    staff: escapeHtml(input.assignedBy),
  });
}

// ---------------------------------------------------------------- Survey

export interface SurveyViewModel {
  status: FeedbackStatus;
  scores: readonly (number | null)[];
  comment: string | null;
  awaitingComment: boolean;
}

const stars = (score: number) => '⭐'.repeat(score);

/** The one survey message, edited as the client answers. */
export function surveyText(t: Translate, ticketId: number, view: SurveyViewModel): string {
  const lines = [t('support-survey-title', { id: String(ticketId) }), ''];
  const next = nextQuestion(view.scores);
  for (const q of SURVEY_QUESTIONS) {
    const score = view.scores[q - 1];
    const question = t(`support-survey-q${q}`);
    lines.push(
      score !== null && score !== undefined
        ? `${q}. ${question} — ${stars(score)} ${score}`
        : `${q}. ${question}${next === q && view.status === 'pending' ? ' ◀️' : ''}`,
    );
  }
  lines.push('');
  if (view.status === 'expired') lines.push(t('support-survey-expired'));
  else if (view.status === 'completed')
    lines.push(view.comment ? t('support-survey-thanks-comment') : t('support-survey-thanks'));
  else if (view.awaitingComment) lines.push(t('support-survey-comment-ask'));
  else if (next !== null) lines.push(t('support-survey-pick', { n: next }));
  return lines.join('\n');
}

/** Score buttons for the question waiting for an answer; none once all three are in. */
export function surveyKeyboard(ticketId: number, view: SurveyViewModel): InlineKeyboardMarkup | undefined {
  const question = nextQuestion(view.scores);
  if (view.status !== 'pending' || question === null) return undefined;
  return {
    inline_keyboard: [
      ([1, 2, 3, 4, 5] as const).map((score) => ({
        text: String(score),
        callback_data: supportButton.encode({ kind: 'score', ticketId, question, score }),
      })),
    ],
  };
}

/** The short summary posted in the ticket's main topic once the survey ends. */
export function feedbackSummaryText(t: Translate, ticketId: number, view: SurveyViewModel): string {
  const scores = SURVEY_QUESTIONS.map((q) => {
    const score = view.scores[q - 1];
    return `${t(`support-survey-short-q${q}`)} ${score ?? '—'}`;
  }).join(' · ');
  const head =
    view.status === 'expired'
      ? t('support-summary-expired', { id: String(ticketId), scores })
      : t('support-summary', { id: String(ticketId), scores });
  return view.comment ? `${head}\n💬 ${escapeHtml(view.comment)}` : head;
}
