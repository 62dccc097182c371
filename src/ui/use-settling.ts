import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * True for `ms` after `key` changes (not when first shown): a button whose job just changed under
 * the finger (Table ready becoming Seat now) waits that long before it takes a tap, so a double
 * tap does one thing.
 */
export function useSettling(key: string, ms: number): boolean {
  const [settling, setSettling] = useState(false);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    setSettling(true);
    const timer = setTimeout(() => setSettling(false), ms);
    return () => clearTimeout(timer);
  }, [key, ms]);
  return settling;
}
