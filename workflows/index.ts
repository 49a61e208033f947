// Every workflow the worker registers.
export { ticketWorkflow } from './ticket';
export { workSessionWorkflow } from './work-session';
export { accessRequestWorkflow } from './access-request';
export { supportTicketWorkflow } from './support-ticket';
export { feedbackSurveyWorkflow } from './feedback-survey';
export { notificationChatWorkflow } from './notification-chat';
export { levelEvaluationWorkflow, levelEvaluationCatchUpWorkflow, progressionNoticeWorkflow } from './level-evaluation';
export { pausedSessionSweepWorkflow } from './session-sweep';
