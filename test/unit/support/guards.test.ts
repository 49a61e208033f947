import type { RoleSlug } from '../../../src/domain';
import { type FeedbackView, type SupportView } from '../../../src/contracts/support';
import {
  answerRefusal,
  assignRefusal,
  closeRefusal,
  commentRefusal,
  isSupportStaff,
  nextQuestion,
  wantsComment,
} from '../../../src/domain';

const actor = (...roles: RoleSlug[]) => ({ id: 1, roles });
const technician = { id: 5, username: 'olga', name: 'Olga', groupChatId: -100 };
const view = (patch: Partial<SupportView> = {}): SupportView => ({
  ticketId: 1,
  status: 'new',
  clientTelegramId: 42,
  mainChatId: -1,
  mainThreadId: 3,
  technician: null,
  firstResponseAt: null,
  overdue: false,
  clientBlocked: false,
  ...patch,
});
const survey = (patch: Partial<FeedbackView> = {}): FeedbackView => ({
  supportTicketId: 1,
  status: 'pending',
  scores: [null, null, null],
  comment: null,
  awaitingComment: false,
  reminded: false,
  ...patch,
});

describe('support guards', () => {
  it('knows staff by role', () => {
    expect(isSupportStaff(actor('master'))).toBe(true);
    expect(isSupportStaff(actor('ops_manager'))).toBe(true);
    expect(isSupportStaff(actor('super_admin'))).toBe(true);
    expect(isSupportStaff(actor('technician', 'qc_inspector'))).toBe(false);
    expect(isSupportStaff(actor())).toBe(false);
  });

  it('assign: staff only, open tickets only, a technician with a group, not the same one twice', () => {
    const input = { actor: actor('master'), actorName: '@m', technician };
    expect(assignRefusal(view(), input)).toBeNull();
    expect(assignRefusal(view(), { ...input, actor: actor('technician') })).toBe('not_staff');
    expect(assignRefusal(view({ status: 'closed' }), input)).toBe('closed');
    expect(assignRefusal(view(), { ...input, technician: { ...technician, groupChatId: 0 } })).toBe(
      'technician_without_group',
    );
    expect(assignRefusal(view({ status: 'work', technician }), input)).toBe('already_assigned');
    expect(assignRefusal(view({ status: 'work', technician: { ...technician, id: 6 } }), input)).toBeNull();
  });

  it('close: staff only, once', () => {
    const input = { actor: actor('ops_manager'), actorName: '@o' };
    expect(closeRefusal(view(), input)).toBeNull();
    expect(closeRefusal(view({ status: 'work' }), input)).toBeNull();
    expect(closeRefusal(view({ status: 'closed' }), input)).toBe('closed');
    expect(closeRefusal(view(), { ...input, actor: actor('technician') })).toBe('not_staff');
  });

  it('asks the questions in order and wants a comment only below 5', () => {
    expect(nextQuestion([null, null, null])).toBe(1);
    expect(nextQuestion([5, null, null])).toBe(2);
    expect(nextQuestion([5, 4, null])).toBe(3);
    expect(nextQuestion([5, 4, 3])).toBeNull();
    expect(wantsComment([5, 5, 5])).toBe(false);
    expect(wantsComment([5, 5, 4])).toBe(true);
    expect(wantsComment([1, null, null])).toBe(false);
  });

  it('answer: the client, the waiting question, a score 1–5, a pending survey', () => {
    const a = { telegramId: 42, question: 1 as const, score: 5 };
    expect(answerRefusal(survey(), 42, a)).toBeNull();
    expect(answerRefusal(survey(), 43, a)).toBe('not_your_survey');
    expect(answerRefusal(survey({ status: 'expired' }), 42, a)).toBe('survey_finished');
    expect(answerRefusal(survey(), 42, { ...a, score: 6 })).toBe('score_invalid');
    expect(answerRefusal(survey(), 42, { ...a, score: 2.5 })).toBe('score_invalid');
    expect(answerRefusal(survey({ scores: [5, null, null] }), 42, a)).toBe('question_answered');
    expect(answerRefusal(survey({ scores: [5, null, null] }), 42, { ...a, question: 2 })).toBeNull();
    expect(answerRefusal(survey(), 42, { ...a, question: 3 })).toBe('question_answered');
  });

  it('comment: only while one is awaited, never empty', () => {
    const c = { telegramId: 42, text: 'faster please' };
    expect(commentRefusal(survey({ awaitingComment: true, scores: [5, 3, 4] }), 42, c)).toBeNull();
    expect(commentRefusal(survey({ scores: [5, 3, 4] }), 42, c)).toBe('comment_not_expected');
    expect(commentRefusal(survey({ awaitingComment: true }), 42, { ...c, text: '   ' })).toBe('comment_not_expected');
    expect(commentRefusal(survey({ status: 'completed' }), 42, c)).toBe('survey_finished');
    expect(commentRefusal(survey({ awaitingComment: true }), 7, c)).toBe('not_your_survey');
  });
});
