import { EntitySchema, type Opt } from '@mikro-orm/core';
import type { User } from './accounts';
import {
  bigintAsNumber,
  createdAtProperty,
  idProperty,
  type JsonObject,
  jsonObjectProperty,
  updatedAtProperty,
  withDefault,
  noCascade,
} from './common';
import type { Ticket } from './workshop';

/** What a recorded message shows, and so how it is drawn again. */
export const TICKET_MESSAGE_KINDS = ['notification', 'technician_card', 'qc_panel', 'review_card'] as const;
export type TicketMessageKind = (typeof TICKET_MESSAGE_KINDS)[number];

// ---------------------------------------------------------------- TicketMessage

/**
 * One copy of a ticket's actionable message in one chat (see src/notify/ticket-messages): edited
 * to the ticket's current state after each transition.
 */
export interface TicketMessage {
  id: number;
  ticket: Ticket;
  chatId: number;
  messageId: number;
  /** Whom it was drawn for (their controls). */
  user: User;
  locale: string;
  kind: TicketMessageKind;
  /** How to draw it again: the notification, or the card's list context. */
  context: Opt<JsonObject>;
  /** The state and controls it shows now; a refresh that would draw the same skips the edit. */
  fingerprint: Opt<string>;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const TicketMessage = new EntitySchema<TicketMessage>({
  name: 'TicketMessage',
  tableName: 'ticket_message',
  properties: {
    id: { ...idProperty },
    ticket: { kind: 'm:1', entity: () => 'Ticket', ...noCascade },
    chatId: { type: bigintAsNumber() },
    messageId: { type: 'integer' },
    user: { kind: 'm:1', entity: () => 'User', ...noCascade },
    locale: { type: 'text' },
    kind: { enum: true, items: [...TICKET_MESSAGE_KINDS] },
    context: { ...jsonObjectProperty },
    fingerprint: { type: 'text', ...withDefault('') },
    createdAt: { ...createdAtProperty },
    updatedAt: { ...updatedAtProperty },
  },
  uniques: [{ name: 'ticket_message_chat_id_message_id_unique', properties: ['chatId', 'messageId'] }],
  indexes: [
    { name: 'ticket_message_ticket_id_index', properties: ['ticket'] },
    { name: 'ticket_message_user_id_index', properties: ['user'] },
  ],
});
