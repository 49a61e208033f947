import { Composer } from 'grammy';
import type { BotContext } from '../context';
import { endConversationOnEntry } from '../conversation';
import { accessFeature } from './access';
import { attendanceFeature } from './attendance';
import { commonFeature } from './common';
import { consoleFeature } from './console';
import { fallbackFeature } from './fallback';
import { progressionFeature } from './progression';
import { supportFeature } from './support';
import { qcFeature } from './qc';
import { setupFeature } from './setup';
import { staffCommandsFeature } from './staff-commands';
import { staffTicketsFeature } from './staff-tickets';
import { technicianFeature } from './technician';

/** Every feature, one Composer per audience, in the order they get a chance at an update. */
export function features(): Composer<BotContext>[] {
  return [
    // First: a command or menu button ends the conversation in progress before any feature sees it.
    new Composer<BotContext>(endConversationOnEntry()),
    commonFeature(),
    // Before support, which takes every message of the configured groups (/chat_id would vanish there).
    setupFeature(),
    consoleFeature(),
    technicianFeature(),
    attendanceFeature(),
    accessFeature(),
    qcFeature(),
    staffTicketsFeature(),
    staffCommandsFeature(),
    progressionFeature(),
    supportFeature(),
    fallbackFeature(),
  ];
}
