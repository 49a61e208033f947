import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Typed search attributes operators filter on in the Web UI. Registered by `npm run dev`,
// the compose namespace job and the tests; workflows upsert them on every transition.
export const TicketStatusKey = defineSearchAttributeKey('TicketStatus', SearchAttributeType.KEYWORD);
export const TechnicianIdKey = defineSearchAttributeKey('TechnicianId', SearchAttributeType.INT);
export const ItemSerialKey = defineSearchAttributeKey('ItemSerial', SearchAttributeType.KEYWORD);
export const ClientTelegramIdKey = defineSearchAttributeKey('ClientTelegramId', SearchAttributeType.INT);

export const ALL_SEARCH_ATTRIBUTES = [TicketStatusKey, TechnicianIdKey, ItemSerialKey, ClientTelegramIdKey];
