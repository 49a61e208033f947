// The sandbox: Telegram's servers replaced by the in-process Bot API emulator, so anyone can try
// ticketflow in a browser without a bot token. Updates still travel exactly as in production:
// the emulator POSTs them to the app's webhook with the secret header; the bot answers through
// the emulator's Bot API. People ("personas") are emulator users linked to ticketflow users.
import { randomBytes } from 'node:crypto';
import type { User as TelegramUser } from 'grammy/types';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createEmulatorServer, type EmulatorServer } from '@ticketflow/telegram-emulator';
import { ROLE_SLUGS, type RoleSlug } from '../domain';
import { TelegramProfile, User, UserRole } from '../db/entities';

export const SANDBOX_BOT_TOKEN = '700000001:SANDBOX-ticketflow-local-only';
/** Sandbox personas get Telegram ids from here up, so earlier runs' profiles can be recognised. */
const FIRST_PERSONA_ID = 910_000_001;

export type PersonaKind = 'client' | RoleSlug;
export const PERSONA_KINDS: readonly PersonaKind[] = ['client', ...ROLE_SLUGS];

export interface Persona {
  telegramId: number;
  name: string;
  username: string;
  kind: PersonaKind;
  languageCode: string;
  userId: number | null;
}

export interface SandboxChat {
  id: number;
  type: string;
  title: string;
  isForum: boolean;
  topics: { id: number; name: string; closed: boolean }[];
}

/** The demo workshop of `--seed demo`: being loaded, loaded, or failed to load. */
export type DemoState = 'loading' | 'ready' | 'failed';

export interface Sandbox {
  server: EmulatorServer;
  /** The demo seed's state; null when no seed runs. */
  demo(): DemoState | null;
  setDemo(state: DemoState): void;
  /** Called on every change of the demo's state; returns the unsubscribe function. */
  onDemo(listener: (state: DemoState) => void): () => void;
  /** The staff forum supergroup (MAIN_GROUP_ID in sandbox mode). */
  staffGroupId: number;
  personas(): Persona[];
  persona(telegramId: number): Persona | undefined;
  createPersona(
    em: EntityManager,
    input: { name: string; kind: PersonaKind; languageCode?: string; username?: string },
  ): Promise<Persona>;
  chatsOf(telegramId: number): SandboxChat[];
  /** Brings back the personas of earlier runs (their accounts live on in the database). */
  restore(em: EntityManager): Promise<void>;
  close(): Promise<void>;
}

const STAFF_KINDS: readonly PersonaKind[] = ['super_admin', 'ops_manager', 'master', 'qc_inspector', 'technician'];

function slug(name: string): string {
  const base = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return base || 'user';
}

/** Starts the emulator on localhost with a bot and the staff forum group. */
export async function startSandbox(options: { techGroups: Record<string, number> }): Promise<Sandbox> {
  const server = await createEmulatorServer({
    host: '127.0.0.1',
    port: 0,
    webhookTimeoutMs: 30_000,
    bot: {
      token: SANDBOX_BOT_TOKEN,
      firstName: 'ticketflow',
      username: 'ticketflow_sandbox_bot',
      canReadAllGroupMessages: true,
    },
  });
  const { state } = server;
  const staffGroup = state.createSupergroup({ title: 'Workshop staff', isForum: true });
  const personas = new Map<number, Persona>();
  let nextTelegramId = FIRST_PERSONA_ID;
  let demo: DemoState | null = null;
  const demoListeners = new Set<(state: DemoState) => void>();

  const addTechnicianGroup = (name: string, username: string, telegramId: number, userId: number) => {
    const group = state.createSupergroup({ title: `${name} · tickets`, isForum: true, members: [telegramId] });
    options.techGroups[username] = group.id;
    options.techGroups[String(userId)] = group.id;
  };

  return {
    server,
    staffGroupId: staffGroup.id,

    demo: () => demo,
    setDemo(state) {
      demo = state;
      for (const listener of demoListeners) listener(state);
    },
    onDemo(listener) {
      demoListeners.add(listener);
      return () => demoListeners.delete(listener);
    },

    async restore(em) {
      const profiles = await em.find(
        TelegramProfile,
        { telegramId: { $gte: FIRST_PERSONA_ID } },
        { populate: ['user', 'user.roles'], orderBy: { telegramId: 'asc' } },
      );
      for (const profile of profiles) {
        const user = profile.user ?? null;
        const kind: PersonaKind = user?.roles.getItems()[0]?.role ?? 'client';
        const name = [profile.firstName, profile.lastName].filter(Boolean).join(' ') || 'Guest';
        const username = profile.username ?? `user_${profile.telegramId}`;
        state.addUser({
          id: profile.telegramId,
          first_name: profile.firstName ?? 'Guest',
          last_name: profile.lastName ?? undefined,
          username,
          language_code: profile.languageCode ?? 'en',
        });
        state.ensurePrivateChat(profile.telegramId);
        if (user && kind !== 'client') state.requireChat(staffGroup.id).members.add(profile.telegramId);
        if (user && kind === 'technician') addTechnicianGroup(name, username, profile.telegramId, user.id);
        personas.set(profile.telegramId, {
          telegramId: profile.telegramId,
          name,
          username,
          kind,
          languageCode: profile.languageCode ?? 'en',
          userId: user?.id ?? null,
        });
        nextTelegramId = Math.max(nextTelegramId, profile.telegramId + 1);
      }
    },
    personas: () => [...personas.values()],
    persona: (telegramId) => personas.get(telegramId),

    async createPersona(em, input) {
      const name = input.name.trim().slice(0, 64) || 'Guest';
      const [firstName, ...rest] = name.split(/\s+/);
      let username = slug(input.username ?? name).slice(0, 24);
      const taken = new Set([...personas.values()].map((p) => p.username));
      for (let i = 2; taken.has(username); i += 1) username = `${slug(name).slice(0, 20)}_${i}`;
      const telegramId = nextTelegramId++;
      const tg: TelegramUser = state.addUser({
        id: telegramId,
        first_name: firstName,
        last_name: rest.join(' ') || undefined,
        username,
        language_code: input.languageCode ?? 'en',
      });
      state.ensurePrivateChat(tg);

      let userId: number | null = null;
      if (input.kind === 'client') {
        // Remembered across restarts like everyone else (the bot would create it on first contact).
        await em.upsert(TelegramProfile, {
          telegramId,
          username,
          firstName,
          lastName: rest.join(' ') || null,
          languageCode: input.languageCode ?? 'en',
        });
      } else {
        const user = em.create(User, {
          username: `${username}_${randomBytes(2).toString('hex')}`,
          firstName,
          lastName: rest.join(' '),
          isActive: true,
        });
        em.create(UserRole, { user, role: input.kind });
        await em.flush();
        await em.upsert(TelegramProfile, {
          telegramId,
          user,
          username,
          firstName,
          lastName: rest.join(' ') || null,
          languageCode: input.languageCode ?? 'en',
        });
        userId = user.id;
        // Staff see the support desk's forum group; a technician also gets their own group.
        state.requireChat(staffGroup.id).members.add(telegramId);
        if (input.kind === 'technician') addTechnicianGroup(name, username, telegramId, user.id);
      }
      const persona: Persona = {
        telegramId,
        name,
        username,
        kind: input.kind,
        languageCode: input.languageCode ?? 'en',
        userId,
      };
      personas.set(telegramId, persona);
      return persona;
    },

    chatsOf(telegramId) {
      return (
        state
          .allChats()
          .filter((chat) =>
            chat.type === 'private' ? chat.id === telegramId : state.requireChat(chat.id).members.has(telegramId),
          )
          // The private chat with the bot first, as in Telegram's chat list for a bot user.
          .sort((a, b) => Number(b.type === 'private') - Number(a.type === 'private'))
          .map((chat) => ({
            id: chat.id,
            type: chat.type,
            title: chat.type === 'private' ? 'ticketflow bot' : chat.title,
            isForum: chat.type === 'supergroup' && chat.is_forum === true,
            topics: state
              .topics(chat.id)
              .map((topic) => ({ id: topic.message_thread_id, name: topic.name, closed: topic.closed })),
          }))
      );
    },

    close: () => server.close(),
  };
}

export const isStaffKind = (kind: PersonaKind) => STAFF_KINDS.includes(kind);
