import { render, type ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';

/** Renders its children at the end of <body>, outside any open dialog; `className` names the host element. */
export function BodyPortal({ className, children }: { className: string; children: ComponentChildren }) {
  const [host] = useState(() => Object.assign(document.createElement('div'), { className }));
  useEffect(() => {
    document.body.append(host);
    return () => {
      render(null, host);
      host.remove();
    };
  }, [host]);
  useLayoutEffect(() => render(<>{children}</>, host));
  return null;
}
