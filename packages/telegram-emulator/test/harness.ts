// What the emulator's own tests share: a fake Bot API with a grammY bot initialised against it, and what a call that
// must fail rejects with.
import { type Bot, GrammyError } from 'grammy';
import type { EmulatorServerOptions } from '../src';
import { type FakeBotApi, startFakeBotApi } from '../src/testing';

export async function startBot(options?: EmulatorServerOptions): Promise<{ api: FakeBotApi; bot: Bot }> {
  const api = await startFakeBotApi(options);
  const bot = api.createBot();
  await bot.init();
  return { api, bot };
}

/** What `promise` rejects with; the test fails if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail');
}

/** The Bot API's refusal of a call; anything else it rejects with is rethrown. */
export async function apiError(promise: Promise<unknown>): Promise<GrammyError> {
  const err = await rejection(promise);
  if (err instanceof GrammyError) return err;
  throw err;
}
