// Support-desk forum topic titles (support-desk.md "Topic titles").
import { type SupportTicketStatus } from './enums';

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
