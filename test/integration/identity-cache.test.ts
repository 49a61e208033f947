// The bot's identity cache against real Postgres and Redis: a repeated update is answered from Redis (no profile
// upsert, no read of roles), a changed profile is written, and every write path that changes who a Telegram id is
// (the REST API's user edits, the access approval activity, the admin bootstrap) makes the next update read
// Postgres again. A fill that read Postgres before such a change never lands after it; without Redis the bot
// still resolves people, from Postgres.
import type { EntityManager } from '@mikro-orm/postgresql';
import { createAccessActivities } from '../../activities/access';
import type { RoleSlug } from '../../src/domain';
import { AccessRequest, TelegramProfile, User } from '../../src/db/entities';
import { sql } from '../../src/db/sql';
import { createI18n } from '../../src/i18n';
import { createLogger } from '../../src/logger';
import { createRedis, type RedisClient } from '../../src/redis';
import { fillIdentitySlot, forgetIdentities, readIdentitySlot } from '../../src/redis/identity-cache';
import { resolveIdentity, type TelegramSender } from '../../src/services/identity';
import { UserService } from '../../src/services/users';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createUser, createUserWithProfile, uniqueTelegramId } from '../support/factories';
import { LogCapture } from '../support/log-capture';
import { testRedisPrefix, testRedisUrl } from '../support/redis';

const logger = createLogger('silent');
let db: TestDatabase;
let redis: RedisClient;

beforeAll(async () => {
  db = await createTestDatabase();
  redis = createRedis({ url: testRedisUrl, prefix: testRedisPrefix() }, logger);
  // Connected before the first update: until then identity is read from Postgres alone (see "without Redis").
  await redis.ping();
});
afterAll(async () => {
  redis?.disconnect();
  await db?.drop();
});

const em = () => db.orm.em.fork() as EntityManager;
const deps = (adminTelegramIds: number[] = []) => ({ orm: db.orm, redis, config: { adminTelegramIds } });
const resolve = (from: TelegramSender, adminTelegramIds: number[] = []) =>
  resolveIdentity(deps(adminTelegramIds), from, logger);
const roles = async (from: TelegramSender) => (await resolve(from)).user?.roles ?? null;

const LONG_AGO = new Date('2001-01-01T00:00:00Z');

const profileRow = (telegramId: number) => em().findOneOrFail(TelegramProfile, { telegramId });

async function ageProfile(telegramId: number) {
  await sql(em(), 'update telegram_profile set last_seen_at = ? where telegram_id = ?', [LONG_AGO, telegramId]);
}

/** A registered person with a linked profile, as Telegram would send them. */
async function person(roleSlugs: RoleSlug[]): Promise<{ userId: number; from: TelegramSender }> {
  const { user, profile } = await createUserWithProfile(db.orm, { roles: roleSlugs, telegramId: true });
  return {
    userId: user.id,
    from: { id: profile!.telegramId, username: profile!.username!, first_name: 'Tess', language_code: 'en' },
  };
}

const manager = { id: 0, roles: ['super_admin'] as RoleSlug[] };
const users = () => new UserService({ orm: db.orm, redis, logger });

describe('an update nothing is cached for', () => {
  it('writes the profile and resolves the whole person: names, roles in order, language', async () => {
    const { user, profile } = await createUserWithProfile(db.orm, {
      roles: ['technician', 'master'],
      telegramId: true,
    });
    await ageProfile(profile!.telegramId);
    const from = { id: profile!.telegramId, username: 'tess_tg', first_name: 'Tess', language_code: 'uz' };

    expect(await resolve(from)).toEqual({
      user: {
        id: user.id,
        username: user.username,
        firstName: user.firstName,
        lastName: user.lastName,
        roles: ['master', 'technician'],
      },
      languageCode: 'uz',
    });
    const written = await profileRow(from.id);
    expect(written).toMatchObject({ username: 'tess_tg', firstName: 'Tess', languageCode: 'uz' });
    expect(written.lastSeenAt.getTime()).toBeGreaterThan(LONG_AGO.getTime());
  });

  it('of a person without roles resolves them with none', async () => {
    const { userId, from } = await person([]);
    expect(await resolve(from)).toMatchObject({ user: { id: userId, roles: [] } });
  });
});

describe('a repeated update', () => {
  it('is answered from Redis: the profile is not upserted and roles are not read again', async () => {
    const { userId, from } = await person(['technician']);
    expect(await roles(from)).toEqual(['technician']);
    await ageProfile(from.id);
    // Behind the app's back (no write path, so nothing forgets): the cached entry still answers.
    await sql(em(), `insert into user_role (user_id, role) values (?, 'qc_inspector')`, [userId]);

    expect(await resolve(from)).toMatchObject({ user: { id: userId, roles: ['technician'] }, languageCode: 'en' });
    expect((await profileRow(from.id)).lastSeenAt).toEqual(LONG_AGO);
  });

  it('with a changed username writes the profile, and is cached again with it', async () => {
    const { from } = await person(['technician']);
    await resolve(from);
    await ageProfile(from.id);

    const renamed = { ...from, username: `${from.username}_new` };
    await resolve(renamed);
    const written = await profileRow(from.id);
    expect(written.username).toBe(renamed.username);
    expect(written.lastSeenAt.getTime()).toBeGreaterThan(LONG_AGO.getTime());

    await ageProfile(from.id);
    await resolve(renamed);
    expect((await profileRow(from.id)).lastSeenAt).toEqual(LONG_AGO);
  });

  it('with a new language writes it, and the stored one answers when Telegram sends none', async () => {
    const { from } = await person(['technician']);
    await resolve(from);
    expect((await resolve({ ...from, language_code: 'ru' })).languageCode).toBe('ru');
    expect((await resolve({ ...from, language_code: undefined })).languageCode).toBe('ru');
  });
});

describe('a change through the REST API user edit is seen by the very next update', () => {
  it('revoking a role', async () => {
    const { userId, from } = await person(['technician', 'qc_inspector']);
    expect(await roles(from)).toEqual(['qc_inspector', 'technician']);
    await users().update(manager, userId, { roles: ['qc_inspector'] });
    expect(await roles(from)).toEqual(['qc_inspector']);
  });

  it('granting a role', async () => {
    const { userId, from } = await person(['technician']);
    await resolve(from);
    await users().update(manager, userId, { roles: ['technician', 'master'] });
    expect(await roles(from)).toEqual(['master', 'technician']);
  });

  it('deactivating and reactivating the user', async () => {
    const { userId, from } = await person(['technician']);
    await resolve(from);
    await users().update(manager, userId, { isActive: false });
    expect((await resolve(from)).user).toBeNull();
    await users().update(manager, userId, { isActive: true });
    expect(await roles(from)).toEqual(['technician']);
  });

  it('renaming the user', async () => {
    const { userId, from } = await person(['technician']);
    await resolve(from);
    await users().update(manager, userId, { firstName: 'Renamed' });
    expect((await resolve(from)).user?.firstName).toBe('Renamed');
  });

  it('for a requester whose profile lost its link (resolved through the access request)', async () => {
    const from: TelegramSender = { id: uniqueTelegramId(), first_name: 'Ivan' };
    const user = await createUser(db.orm, { roles: ['technician'], isActive: false });
    const manager_ = em();
    manager_.create(AccessRequest, {
      telegramId: from.id,
      firstName: 'Ivan',
      lastName: 'P',
      phone: `+99890${String(from.id).slice(-7)}`,
      status: 'rejected',
      user: manager_.getReference(User, user.id),
    });
    await manager_.flush();
    expect((await resolve(from)).user).toBeNull();
    await users().update(manager, user.id, { isActive: true });
    expect(await roles(from)).toEqual(['technician']);
  });
});

describe('the access approval activity', () => {
  it('makes the requester’s next update see the granted role', async () => {
    const moderator = await createUser(db.orm, { roles: ['ops_manager'] });
    const from: TelegramSender = { id: uniqueTelegramId(), first_name: 'Oleg', language_code: 'en' };
    expect((await resolve(from)).user).toBeNull();

    // What a submission leaves: an inactive user, the pending request, the profile linked.
    const requester = await createUser(db.orm, { isActive: false });
    const tx = em();
    const request = tx.create(AccessRequest, {
      telegramId: from.id,
      firstName: 'Oleg',
      lastName: 'Ivanov',
      phone: `+99891${String(from.id).slice(-7)}`,
      user: tx.getReference(User, requester.id),
    });
    await tx.flush();
    await tx.nativeUpdate(TelegramProfile, { telegramId: from.id }, { user: requester.id });
    await forgetIdentities({ redis, logger }, [from.id]);
    expect((await resolve(from)).user).toBeNull();

    const activities = createAccessActivities({
      orm: { em: db.orm.em.fork() as EntityManager },
      redis,
      config: { defaultLocale: 'en' },
      logger,
      telegram: null,
      i18n: createI18n('en'),
    });
    await activities.decideAccessRequest({
      requestId: request.id,
      decision: 'approved',
      roles: ['technician'],
      actorId: moderator.id,
      at: Date.now(),
    });
    expect(await roles(from)).toEqual(['technician']);
  });
});

describe('the admin bootstrap', () => {
  it('runs for a listed admin whose cached identity has no super_admin, and re-runs after a revocation', async () => {
    const from: TelegramSender = { id: uniqueTelegramId(), first_name: 'Root' };
    expect((await resolve(from)).user).toBeNull();

    const admin = await resolve(from, [from.id]);
    expect(admin.user?.roles).toEqual(['super_admin']);
    expect((await resolve(from, [from.id])).user?.roles).toEqual(['super_admin']);

    await users().update(manager, admin.user!.id, { roles: ['master'] });
    expect((await resolve(from, [from.id])).user?.roles).toEqual(['master', 'super_admin']);
  });
});

describe('a fill', () => {
  it('that read Postgres before a forgetting does not land after it', async () => {
    const telegramId = uniqueTelegramId();
    const before = await readIdentitySlot(redis, telegramId);
    await forgetIdentities({ redis, logger }, [telegramId]);
    expect(await fillIdentitySlot(redis, telegramId, before, '{"stale":true}')).toBe(false);
    expect((await readIdentitySlot(redis, telegramId)).entry).toBeNull();

    const after = await readIdentitySlot(redis, telegramId);
    expect(await fillIdentitySlot(redis, telegramId, after, '{"fresh":true}')).toBe(true);
    expect((await readIdentitySlot(redis, telegramId)).entry).toBe('{"fresh":true}');
  });
});

describe('without Redis', () => {
  it('resolves from Postgres, writing the profile, and warns without the Redis URL', async () => {
    const logs = new LogCapture();
    const log = createLogger('warn', 'test', { destination: logs });
    const secret = 'redis-password-0123456789';
    const down = createRedis({ url: `redis://:${secret}@127.0.0.1:1`, prefix: testRedisPrefix() }, logger);
    down.on('error', () => undefined);
    try {
      const { userId, from } = await person(['technician']);
      await ageProfile(from.id);
      const resolved = await resolveIdentity({ orm: db.orm, redis: down, config: { adminTelegramIds: [] } }, from, log);
      expect(resolved.user).toMatchObject({ id: userId, roles: ['technician'] });
      expect((await profileRow(from.id)).lastSeenAt.getTime()).toBeGreaterThan(LONG_AGO.getTime());
      expect(logs.entries('identity cache unavailable')).toHaveLength(1);
      expect(logs.leaked({ secret })).toEqual([]);
    } finally {
      down.disconnect();
    }
  });
});
