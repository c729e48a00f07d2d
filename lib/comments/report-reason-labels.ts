import type { ReportReason } from './limits';

/** How a report or removal reason reads in a sentence ("removed for harassment"). */
export const reportReasonLabel: Record<ReportReason, string> = {
  SPAM: 'spam',
  HARASSMENT: 'harassment',
  HATE: 'hate speech',
  MISINFORMATION: 'misinformation',
  OFF_TOPIC: 'off-topic',
  OTHER: 'other',
};

/** The same as a choice in a form ("Harassment"). */
export const reportReasonChoice = (reason: ReportReason) => reportReasonLabel[reason].charAt(0).toUpperCase() + reportReasonLabel[reason].slice(1);
