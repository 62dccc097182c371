import { useLayoutEffect, useRef, useState } from 'preact/hooks';

/** What `useSettling` gives a button: whether it waits, and the two handlers that keep a tap to what it said. */
export interface Settling {
  /** True while the button takes no tap: drawn as aria-disabled. */
  settling: boolean;
  /** Notes the job the button showed when the finger went down. */
  press(): void;
  /** Call on a tap: false when the tap must be dropped, else true and the button starts waiting. */
  take(): boolean;
}

/**
 * A button that waits `ms` before it takes another tap: after it was tapped (the change it asked
 * for may not have drawn yet) and after its job changed under the finger (`key`: Table ready
 * becoming Seat now, not when first shown), from the very render that changes its words. A tap
 * whose finger went down on other words than the button now shows is dropped too. So a tap never
 * does what the button did not say, and a double tap does one thing.
 */
export function useSettling(key: string, ms: number): Settling {
  const [waiting, setWaiting] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const seen = useRef(key);
  const pressedOn = useRef<string | undefined>(undefined);
  const hold = () => {
    clearTimeout(timer.current);
    setWaiting(true);
    timer.current = setTimeout(() => setWaiting(false), ms);
  };
  // Decided while rendering, not in an effect after the paint: a tap landing between the new words and their paint is already refused.
  const changed = seen.current !== key;
  seen.current = key;
  useLayoutEffect(() => {
    if (changed) hold();
  });
  useLayoutEffect(() => () => clearTimeout(timer.current), []);
  const settling = waiting || changed;
  return {
    settling,
    press: () => {
      pressedOn.current = key;
    },
    take: () => {
      const pressed = pressedOn.current;
      pressedOn.current = undefined;
      if (settling || (pressed !== undefined && pressed !== key)) return false;
      hold();
      return true;
    },
  };
}
