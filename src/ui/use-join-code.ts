import { useEffect, useState } from 'preact/hooks';

/** The join code as the screens use it: SVG markup, and PNG and SVG addresses to download. */
export interface JoinCode {
  svg: string;
  pngUrl: string;
  svgUrl: string;
}

/** The QR code of a subscription link, drawn in its own chunk; null until drawn or without a link. */
export function useJoinCode(link: string): JoinCode | null {
  const [code, setCode] = useState<JoinCode | null>(null);
  useEffect(() => {
    setCode(null);
    if (!link) return;
    let svgUrl = '';
    let cancelled = false;
    void import('./join-code.ts')
      .then((m) => m.drawJoinCode(link))
      .then(({ svg, pngUrl }) => {
        if (cancelled) return;
        svgUrl = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
        setCode({ svg, pngUrl, svgUrl });
      });
    return () => {
      cancelled = true;
      if (svgUrl) URL.revokeObjectURL(svgUrl);
    };
  }, [link]);
  return code;
}
