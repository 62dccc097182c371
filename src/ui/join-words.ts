import type { Language } from './strings.ts';

const en = {
  checkInTitle: 'Scan to join the waitlist — no app needed',
  checkInHow: 'Point your phone’s camera at the code and add your name: your phone shows your place in line.',
  checkInLabel: (venue: string) => `QR code to join the waitlist at ${venue}`,
  orType: 'Or open',
  pushedTitle: 'Want a notification? Get the Pushed app',
};
export type JoinWords = typeof en;

// Every language's, in the join screen's chunk (and the poster's): the first screen never loads them.
const WORDS = {
  en,
  es: {
    checkInTitle: 'Escanea para apuntarte a la lista — sin instalar nada',
    checkInHow:
      'Apunta la cámara del teléfono al código y escribe tu nombre: tu teléfono te muestra tu lugar en la fila.',
    checkInLabel: (venue) => `Código QR para apuntarse a la lista de ${venue}`,
    orType: 'O abre',
    pushedTitle: '¿Quieres un aviso? Descarga la app Pushed',
  },
} satisfies Record<Language, JoinWords>;

/** The words of the check-in way in on the join screen and the poster, in the language guests read. */
export const joinWords = (language: Language): JoinWords => WORDS[language];
