import type { EntitySchema } from '@mikro-orm/core';
import { AccessRequest, ApiToken, TelegramProfile, User, UserRole } from './accounts';
import { Category, Inventory, InventoryItem, InventoryItemPart } from './inventory';
import { NotificationOutbox } from './notifications';
import { Event, Feedback, MessageLink, SupportTicket, TechThread } from './support';
import { TicketMessage } from './ticket-messages';
import { AttendanceRecord } from './attendance';
import { LevelChange, LevelEvaluation, LevelEvaluationWeek } from './progression';
import {
  RulesConfig,
  Ticket,
  TicketPartSpec,
  TicketTransition,
  WorkSession,
  WorkSessionTransition,
  XpTransaction,
} from './workshop';

export * from './accounts';
export * from './inventory';
export * from './workshop';
export * from './support';
export * from './notifications';
export * from './ticket-messages';
export * from './attendance';
export * from './progression';
export type { JsonObject } from './common';

/** Every entity schema; `createOrm` registers exactly these. */
export const allEntities: EntitySchema[] = [
  User,
  UserRole,
  TelegramProfile,
  AccessRequest,
  ApiToken,
  Inventory,
  Category,
  InventoryItem,
  InventoryItemPart,
  Ticket,
  TicketPartSpec,
  TicketTransition,
  WorkSession,
  WorkSessionTransition,
  XpTransaction,
  RulesConfig,
  SupportTicket,
  TechThread,
  MessageLink,
  Feedback,
  Event,
  NotificationOutbox,
  TicketMessage,
  LevelEvaluation,
  LevelEvaluationWeek,
  LevelChange,
  AttendanceRecord,
] as EntitySchema[];
