import QRCode from 'qrcode';

// Quiet zone of 4 modules (the standard's minimum) and high-contrast black on white, in print and dark mode alike.
const QR_OPTIONS = { margin: 4, errorCorrectionLevel: 'M' as const, color: { dark: '#000000', light: '#ffffff' } };

/** The venue's join code drawn for screen and print (SVG markup) and for download (PNG data URL). */
export interface DrawnJoinCode {
  svg: string;
  pngUrl: string;
}

/** Draws the subscription link as a QR code. Loaded with import(): the qrcode library stays off the first screen. */
export async function drawJoinCode(link: string): Promise<DrawnJoinCode> {
  const [svg, pngUrl] = await Promise.all([
    QRCode.toString(link, { ...QR_OPTIONS, type: 'svg' }),
    QRCode.toDataURL(link, { ...QR_OPTIONS, width: 1200 }),
  ]);
  return { svg, pngUrl };
}
