import { readdirSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
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
