import { LATE_AFTER_MINUTES_MAX, LATE_AFTER_MINUTES_MIN } from '../../core/calls.ts';
import { CONTENT_LIMIT_MAX, CONTENT_LIMIT_MIN } from '../../core/message-template.ts';

/** The owner's words in English (only Settings and the PIN pad read them: they load with those): PIN recovery, call rules, the demo account and the poster. */
export const enOwner = {
  recovery: {
    codeTitle: 'Write down the recovery code',
    codeWhy:
      'If the staff PIN is ever forgotten, this code lets you choose a new one without losing the waitlist. It is shown only this once: write it down and keep it away from the tablet.',
    codeLabel: 'Recovery code',
    confirm: 'I have written down the recovery code',
    confirmNeeded: 'Tick the box once the code is written down.',
    continue: 'Continue to settings',
    forgot: 'Forgot PIN?',
    forgotTitle: 'Reset the staff PIN',
    forgotWhy: 'Type the recovery code that was shown when the PIN was chosen: 16 letters and digits.',
    check: 'Check the code',
    notACode: 'A recovery code has 16 letters and digits in four groups, like 7K2M-Q9XD-4HTR-B6WN.',
    wrong: (left: number) =>
      `That recovery code is wrong. ${left} ${left === 1 ? 'try' : 'tries'} left before Settings lock.`,
    noRecovery:
      'This tablet has no recovery code: its PIN was chosen before recovery codes existed. Without the PIN, only clearing the browser’s site data for Waitbell resets it, and that deletes the waitlist too.',
    newPinTitle: 'Choose a new staff PIN',
    newPinWhy: 'The recovery code is right. Choose a new PIN; a new recovery code replaces the old one.',
    backToPin: 'Back to the PIN',
    adopted:
      'Settings imported. This tablet’s PIN can now be reset with the recovery code of the tablet the file came from. Check the settings, then Save.',
  },
  calls: {
    lateAfterHint: `After Table ready, a party that hasn’t come in this many minutes shows as late (${LATE_AFTER_MINUTES_MIN} to ${LATE_AFTER_MINUTES_MAX}).`,
    autoNoShow: 'Mark late parties as no-show by themselves',
    autoNoShowHint:
      'Off: late parties stay on the list, marked late, until staff decide. On: they move to “Seated & gone” as no-shows, with Undo and Recall.',
  },
  characterCount: (sample: number, longest: number, limit: number) =>
    `${sample} of ${limit} characters; up to ${longest} at worst.`,
  characterCountNoLimit: (sample: number, longest: number, limit: number) =>
    `${sample} of ${limit} characters, the most Pushed takes, until the limit below is ${CONTENT_LIMIT_MIN} to ${CONTENT_LIMIT_MAX}; up to ${longest} at worst.`,
  poster: {
    title: 'Join code poster',
    why: 'For the door or the host stand: the QR code, the venue name and the steps for guests, on one A4 or Letter page.',
    demoNote: 'While the demo account is in use, the poster is marked DEMO.',
    checkInPng: 'Download check-in PNG',
    checkInSvg: 'Download check-in SVG',
  },
};
