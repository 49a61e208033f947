// POST /webhook/<secret>: Telegram's updates. The secret is checked in the path and the header
// (401 otherwise); then each update is handled effectively once:
//
// - A process takes a short *lease* on the update (`upd:<id>:lease`, SET NX PX, renewed while it
//   works) and acknowledges it only once grammY has handled it, writing the *done* marker
//   (`upd:<id>`, 24 h) first. A redelivery of a done update is answered `duplicate`; one that
//   arrives while a live process holds the lease is told to come back (503); one whose lease
//   expired — the process died mid-update — is handled again. Handling twice is safe: every action
//   is a Temporal update keyed by the callback id, and activities apply an operation key once.
// - Whatever could not be handled now (Postgres or Redis down, the workshop service not answering
//   a press) is answered 503 without the done marker, so Telegram delivers it again; a press is told
//   so by a toast. Redis is given a moment at most: the intake never waits out ioredis' retries.
import { timingSafeEqual } from 'node:crypto';
import { SpanKind } from '@opentelemetry/api';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Update } from 'grammy/types';
import type { CoreDeps } from '../deps';
import { traced } from '../observability/tracing';
import { updateDoneKey, updateLeaseKey } from '../redis/keys';

type RedisClient = CoreDeps['redis'];

/** What the webhook needs of the bot; the bot's runtime (`src/bot/runtime.ts`) builds it. */
export interface UpdateIntake {
  /** Handles one update; throws only when infrastructure is down (the bot answers everything else). */
  handleUpdate(update: Update): Promise<void>;
  /** Whether handling `update` asked for it to be delivered again. */
  redeliveryRequested(update: Update): boolean;
  /** Tells a press that cannot be handled now that it will be retried. */
  answerPressWhileDown(update: Update): Promise<void>;
  /** A failure as it may be logged: every secret masked. */
  errorForLog(err: unknown): unknown;
}

const DONE_TTL_SECONDS = 24 * 60 * 60;
/** A process holds an update this long without renewing it; a crashed one gives it up this fast. */
export const UPDATE_LEASE_MS = 10_000;
const LEASE_RENEW_MS = 3_000;
/** How long the intake waits for one Redis round trip before refusing the update (503). */
const REDIS_WAIT_MS = 1_500;

const UNAVAILABLE = { ok: false, error: 'temporarily unavailable' } as const;
const IN_PROGRESS = { ok: false, error: 'update is being processed; retry later' } as const;

function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Resolves with `work`, or rejects once `ms` have passed (the command itself is not cancelled). */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`redis did not answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** ioredis queues commands while it reconnects: only a ready connection is worth asking. */
function redisReady(redis: RedisClient): boolean {
  // The in-process stand-in (`npm run dev` without REDIS_URL) has no status: always there.
  const status = (redis as { status?: string }).status;
  return status === undefined || status === 'ready';
}

type Claim = 'claimed' | 'done' | 'busy';

/** Takes the lease unless the update is done or another live process holds it (one round trip). */
async function claim(redis: RedisClient, done: string, lease: string): Promise<Claim> {
  const replies = await redis.multi().set(lease, String(process.pid), 'PX', UPDATE_LEASE_MS, 'NX').exists(done).exec();
  if (!replies) throw new Error('update claim was not executed');
  const [[leaseErr, leased], [doneErr, isDone]] = replies;
  if (leaseErr) throw leaseErr;
  if (doneErr) throw doneErr;
  if (isDone === 1) {
    if (leased === 'OK') await redis.del(lease);
    return 'done';
  }
  return leased === 'OK' ? 'claimed' : 'busy';
}

export interface WebhookOptions {
  intake: UpdateIntake;
  secret: string;
  redis: RedisClient;
}

export const webhookRoutes: FastifyPluginAsync<WebhookOptions> = async (app, { intake, secret, redis }) => {
  const { errorForLog } = intake;

  /** 503 for an update that cannot be handled now; a press hears it will be retried. */
  async function unavailable(reply: FastifyReply, update: Update): Promise<FastifyReply> {
    await intake.answerPressWhileDown(update);
    return reply.code(503).header('retry-after', '1').send(UNAVAILABLE);
  }

  app.post<{ Params: { secret: string }; Body: Update }>(
    '/webhook/:secret',
    {
      schema: {
        params: { type: 'object', properties: { secret: { type: 'string' } }, required: ['secret'] },
        body: { type: 'object', required: ['update_id'], properties: { update_id: { type: 'integer', minimum: 0 } } },
      },
    },
    // The root span of a press's trace, while tracing is on (src/observability/tracing.ts).
    (request, reply) =>
      traced(
        'POST /webhook',
        { kind: SpanKind.SERVER, attributes: { 'telegram.update_id': request.body.update_id } },
        async () => {
          if (
            !sameSecret(request.params.secret, secret) ||
            !sameSecret(request.headers['x-telegram-bot-api-secret-token'], secret)
          ) {
            return reply.code(401).send({ ok: false, error: 'unauthorized' });
          }
          const update = request.body;
          const log = request.log.child({ update_id: update.update_id });
          const done = updateDoneKey(update.update_id);
          const lease = updateLeaseKey(update.update_id);

          if (!redisReady(redis)) {
            log.warn('redis unavailable; asking Telegram to redeliver');
            return unavailable(reply, update);
          }
          let claimed: Claim;
          try {
            claimed = await within(REDIS_WAIT_MS, claim(redis, done, lease));
          } catch (err) {
            log.warn({ err: errorForLog(err) }, 'redis unavailable; asking Telegram to redeliver');
            return unavailable(reply, update);
          }
          if (claimed === 'done') return reply.send({ ok: true, duplicate: true });
          if (claimed === 'busy') {
            return reply
              .code(503)
              .header('retry-after', String(Math.ceil(UPDATE_LEASE_MS / 1000)))
              .send(IN_PROGRESS);
          }

          const renew = setInterval(() => {
            redis.pexpire(lease, UPDATE_LEASE_MS).catch(() => undefined);
          }, LEASE_RENEW_MS);
          const release = () => within(REDIS_WAIT_MS, redis.del(lease)).catch(() => undefined);
          try {
            await intake.handleUpdate(update);
          } catch (err) {
            // Only infrastructure outages get here (the bot's error boundary answers everything else).
            await release();
            log.warn({ err: errorForLog(err) }, 'update not processed; asking Telegram to redeliver');
            return reply.code(503).send(UNAVAILABLE);
          } finally {
            clearInterval(renew);
          }
          if (intake.redeliveryRequested(update)) {
            // The workshop service did not get to the press in time: its redelivery finishes it.
            await release();
            log.info('update not finished; asking Telegram to redeliver');
            return reply.code(503).send(UNAVAILABLE);
          }
          try {
            await within(REDIS_WAIT_MS, redis.multi().set(done, '1', 'EX', DONE_TTL_SECONDS).del(lease).exec());
          } catch (err) {
            // Handled all the same: acknowledged, so Telegram will not redeliver it anyway.
            log.warn({ err: errorForLog(err) }, 'update handled but not marked done');
          }
          return reply.send({ ok: true });
        },
      ),
  );
};
