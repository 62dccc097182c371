import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * A button that waits `ms` before it takes another tap: after it was tapped (the change it asked
 * for may not have drawn yet) and after its job changed under the finger (`key`: Table ready
 * becoming Seat now, not when first shown). So a double tap does one thing. Returns whether it is
 * waiting, and `hold` to call on a tap.
 */
export function useSettling(key: string, ms: number): [settling: boolean, hold: () => void] {
  const [settling, setSettling] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const hold = () => {
    clearTimeout(timer.current);
    setSettling(true);
    timer.current = setTimeout(() => setSettling(false), ms);
  };
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    hold();
  }, [key, ms]);
  useEffect(() => () => clearTimeout(timer.current), []);
  return [settling, hold];
}
