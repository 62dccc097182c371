import {
  ANNOUNCEMENT_INTERVAL_MS,
  ANNOUNCEMENT_STALE_AFTER_MS,
  type AnnouncementTarget,
} from '../../core/announcement.ts';
import type { enAnnounce } from './en-announce.ts';

const time = (at: number) => new Date(at).toLocaleTimeString('es', { hour: 'numeric', minute: '2-digit' });
const minutes = ANNOUNCEMENT_INTERVAL_MS / 60_000;
const where = (target: AnnouncementTarget) => (target === 'channel' ? 'el canal' : 'toda la app');

/** Los avisos generales en español: mensajes del personal a todos los suscritos al canal del local o a toda la app. */
export const esAnnounce: typeof enAnnounce = {
  open: 'Aviso general',
  title: 'Avisos generales',
  pinWhy: 'Los avisos generales llegan al teléfono de todos los clientes suscritos. Escribe el PIN del personal.',
  pinSetWhy: (min, max) =>
    `Los avisos generales llegan al teléfono de todos los clientes suscritos, y los ajustes guardan el secreto de Pushed del local. Elige un PIN de ${min} a ${max} dígitos para el personal que puede usarlos. La lista de espera y «Mesa lista» nunca lo piden.`,
  pinOpen: 'Abrir avisos generales',
  pinSetAndOpen: 'Guardar PIN y abrir avisos generales',
  pinContinue: 'Continuar a avisos generales',
  to: 'Enviar a',
  targetName: (target) => (target === 'channel' ? 'El canal de este local' : 'Toda la app de Pushed'),
  audience: (target, venue) =>
    target === 'channel'
      ? `Todos los suscritos al canal de ${venue}: los clientes que escanearon el código o el cartel.`
      : 'Todos los suscritos a cualquier canal de esta app de Pushed, no solo los clientes de este local.',
  nextAt: (at) => `El siguiente se puede enviar a las ${time(at)}.`,
  ready: 'Mensajes listos',
  readyMade: [
    'Ya estamos sentando a clientes sin reserva. ¡Acércate a recepción!',
    'La cocina cierra en 30 minutos.',
    'Vamos unos 15 minutos con retraso. ¡Gracias por tu paciencia!',
    'Estamos completos por esta noche. ¡Gracias y hasta pronto!',
  ],
  message: 'Mensaje',
  count: (n, limit) => `${n} de ${limit} caracteres`,
  over: (n, limit) => `${n} de ${limit} caracteres: sobran ${n - limit}. Pushed rechaza mensajes más largos.`,
  review: 'Revisar y enviar',
  confirmTitle: '¿Enviar este aviso?',
  whoGetsIt: 'Quién lo recibe',
  whatTheyRead: 'Qué leen',
  confirmNote: `No se puede deshacer, y el siguiente aviso al mismo destino se puede enviar ${minutes} minutos después.`,
  send: (target) => (target === 'channel' ? 'Enviar al canal' : 'Enviar a toda la app'),
  back: 'Volver',
  queued: (target, online) =>
    online
      ? `El aviso a ${where(target)} está en camino; abajo se ve cómo va la entrega.`
      : `Aviso a ${where(target)} en cola: sale en cuanto la tableta tenga internet.`,
  problem: (p) =>
    p.kind === 'empty'
      ? 'Escribe el mensaje primero, o toca uno de los listos.'
      : p.kind === 'too_long'
        ? `El mensaje tiene ${p.length} caracteres; el límite es ${p.limit}. Acórtalo: nunca se corta.`
        : `${p.tablet ? `${p.tablet} envió` : 'Enviaste'} uno a ${where(p.target)} a las ${time(p.lastAt)}. El siguiente se puede enviar a las ${time(p.nextAt)}.`,
  past: 'Enviados antes',
  none: 'Todavía no hay avisos.',
  targetShort: (target) => (target === 'channel' ? 'Canal' : 'Toda la app'),
  at: (at) => time(at),
  from: (tablet) => `desde ${tablet}`,
  delivery: (d) =>
    d.state === 'failed' && d.errorType === 'target_has_no_subscribers'
      ? 'No enviado: todavía no hay nadie suscrito.'
      : d.state === 'failed' && d.errorType === 'announcement_too_soon'
        ? d.tooSoon
          ? `No enviado: ${d.tooSoon.tablet ?? 'otra tableta'} envió uno a las ${time(d.tooSoon.lastAt)}; el siguiente puede salir a las ${time(d.tooSoon.nextAt)}.`
          : `No enviado: otra tableta envió uno hace menos de ${minutes} minutos.`
        : d.state === 'failed' && d.errorType === 'announcement_stale'
          ? `No enviado: llegó al servidor del local más de ${ANNOUNCEMENT_STALE_AFTER_MS / 60_000} minutos después de escribirlo y llegaría demasiado tarde.`
          : d.state === 'not_sent'
            ? `No enviado: la tableta estuvo sin internet más de ${ANNOUNCEMENT_STALE_AFTER_MS / 60_000} minutos y llegaría demasiado tarde.`
            : d.state === 'unknown'
              ? 'No se sabe si llegó: se perdió la respuesta de Pushed.'
              : null,
  sendAgain: 'Enviar otra vez',
  sendAgainFor: (text) => `Enviar otra vez: ${text}`,
};
