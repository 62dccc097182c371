/** The icons the kiosk draws: inline SVG, so they render the same on every tablet with no emoji font. */
export type IconName =
  | 'clock'
  | 'send'
  | 'check'
  | 'warning'
  | 'question'
  | 'dash'
  | 'bell'
  | 'more'
  | 'up'
  | 'down'
  | 'search'
  | 'close'
  | 'late'
  | 'expand'
  | 'phone'
  | 'mobile'
  | 'walk'
  | 'pushed';

// 24×24 strokes in the style of common open icon sets (round caps and joins, 2 px lines).
const PATHS: Record<IconName, string> = {
  clock: 'M12 7v5l3 2M21 12a9 9 0 1 1-18 0 9 9 0 0 1 18 0z',
  send: 'M7 17 17 7M9 7h8v8',
  check: 'm5 12.5 4.5 4.5L19 7.5',
  warning: 'M12 9v4m0 3.5v.01M10.3 4.3 2.6 18a2 2 0 0 0 1.7 3h15.4a2 2 0 0 0 1.7-3L13.7 4.3a2 2 0 0 0-3.4 0z',
  question: 'M9.1 9a3 3 0 0 1 5.8 1c0 2-3 2.5-3 4.5m0 3v.01M21 12a9 9 0 1 1-18 0 9 9 0 0 1 18 0z',
  dash: 'M6 12h12',
  bell: 'M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9m4.3 13a2 2 0 0 0 3.4 0',
  more: 'M5 12h.01M12 12h.01M19 12h.01',
  up: 'm6 15 6-6 6 6',
  down: 'm6 9 6 6 6-6',
  search: 'm21 21-4.3-4.3M19 11a8 8 0 1 1-16 0 8 8 0 0 1 16 0z',
  close: 'M18 6 6 18M6 6l12 12',
  late: 'M12 8v4l2 2M5 3 2 6m20 0-3-3M20 13a8 8 0 1 1-16 0 8 8 0 0 1 16 0z',
  expand: 'M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5',
  phone: 'M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2',
  mobile: 'M8 2h8a2 2 0 0 1 2 2v16a2 2 0 0 1-2 2H8a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm4 16h.01',
  // A notification bubble: the guest's phone is told by Pushed.
  pushed: 'M4 5h16v11h-9l-5 4v-4H4zm4 5h8',
  walk: 'M13 4a1 1 0 1 0 0-.01M7 21l3-4m6 4-2-4-3-3 1-6m-6 4 2-3 4-1 3 3 3 1',
};

/** One icon, decorative: the words beside it say what it means. */
export function Icon({ name, size = 20 }: { name: IconName; size?: number }) {
  return (
    <svg
      class={`icon icon-${name}`}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      stroke-width={name === 'more' ? 3 : 2}
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
