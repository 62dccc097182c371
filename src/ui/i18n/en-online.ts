/** Settings → Online check-in in English: whether and when guests may join from their phone. Only Settings read them. */
export const enOnline = {
  title: 'Online check-in',
  why: 'Guests scan the code on the join screen or the poster, put themselves on the list from their phone and watch their place in line there. No app needed.',
  enabled: 'Guests may check in from their phone',
  enabledHint: 'Off: the check-in page still shows the wait, and asks guests to come to the host stand.',
  maxWaitingHint: 'The next guest is asked to see the host (1 to 200).',
  maxSizeHint: 'Larger parties are asked to see the host.',
  hoursHint: 'Leave both empty to take check-ins at any hour. An end before the start runs past midnight.',
  timeZone: (zone: string) => `Times are in this tablet’s time zone: ${zone}.`,
};
