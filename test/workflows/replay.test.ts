import { readdirSync } from 'node:fs';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { workflowBundleOptions } from '../../src/temporal-worker';
import { historiesDir, loadHistory } from '../support/histories';
import { quietTemporalRuntime, workflowBundle } from '../support/temporal';

// Saved histories of the main paths, replayed against today's workflow code: a change that makes
// the code non-deterministic for running workflows fails here. Re-record deliberately with
// RECORD_HISTORIES=1 (after patching with `patched()` where old runs must keep working).
const fixtures = readdirSync(historiesDir).filter((f) => f.endsWith('.bin'));

beforeAll(() => quietTemporalRuntime());

it('has a history for every main path', () => {
  expect(fixtures.sort()).toEqual([
    'access-request-approved.bin',
    'access-request-expired.bin',
    'feedback-survey-all-fives.bin',
    'feedback-survey-comment.bin',
    'feedback-survey-reminder-expiry.bin',
    'support-close.bin',
    'support-conversation.bin',
    'support-sla-overdue.bin',
    'ticket-full-lifecycle.bin',
    'ticket-notifications-in-lanes.bin',
    'ticket-qc-fail-rework-pass.bin',
    'ticket-qc-sla-reminder-breach.bin',
    'work-session-auto-resume.bin',
    'work-session-pause-manual-resume.bin',
  ]);
});

it.each(fixtures)('replays %s deterministically', async (file) => {
  await expect(
    Worker.runReplayHistory({ workflowBundle: workflowBundle() }, loadHistory(file), file.replace(/\.bin$/, '')),
  ).resolves.toBeUndefined();
});

// Histories written by untraced workers, replayed by a worker switched to tracing (the traced
// bundle): its interceptors must not change what the workflows command. These histories carry
// none of the SDK flags the interceptors check, so they replay on the interceptors' oldest path.
describe('with the traced bundle', () => {
  let traced: { code: string };
  // The sink a traced worker registers; spans of a replay are dropped anyway.
  const sinks = { exporter: { export: { fn: () => undefined } } };
  beforeAll(async () => {
    const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
    traced = { code: (await bundleWorkflowCode({ ...workflowBundleOptions(true), logger: quiet })).code };
  }, 120_000);

  it.each(fixtures)('replays %s deterministically', async (file) => {
    await expect(
      Worker.runReplayHistory({ workflowBundle: traced, sinks }, loadHistory(file), file.replace(/\.bin$/, '')),
    ).resolves.toBeUndefined();
  });
});
