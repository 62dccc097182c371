import type { VenueField } from '../../core/venue.ts';
import type { enVenue } from './en-venue.ts';

export const when = (at: number) =>
  new Date(at).toLocaleString('es', { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' });

const REVOKED =
  'Esta tableta se desconectó del servidor del local. Pide al responsable que la conecte de nuevo (Ajustes → Conectar al servidor del local). La lista de espera de esta tableta se conserva.';

export const FIELD_LABELS: Record<VenueField, string> = {
  name: 'Nombre del local',
  appKey: 'Clave de app de Pushed',
  appSecret: 'Secreto de app de Pushed',
  channelAlias: 'Alias del canal',
  subscriptionLink: 'Enlace de suscripción',
};

/** El servidor del local en español: conectar esta tableta, la cuenta de Pushed del local, sus tabletas. */
export const esVenue: typeof enVenue = {
  held: {
    device_revoked:
      'En cola: esta tableta se desconectó del servidor del local. Se enviará cuando la tableta vuelva a estar conectada.',
    venue_not_configured:
      'En cola: aún no están la clave y el secreto de Pushed del local (Ajustes → Servidor del local). Se enviará cuando estén.',
    not_paired: 'En cola: esta tableta aún no está conectada al local. Se enviará cuando lo esté.',
  },
  revokedBanner: REVOKED,
  revokedAct: 'Conectar de nuevo',
  unpairedBanner:
    'Esta tableta aún no está conectada al local. Los avisos a los clientes esperan hasta que lo esté: conéctala con el código de emparejamiento que te muestre el responsable.',
  unpairedAct: 'Conectar al local',

  title: 'Servidor del local',
  connectTitle: 'Conectar al servidor del local',
  connectWhy:
    'Escanea el código de emparejamiento que te muestre el responsable (impreso por el servidor del local, o en una tableta conectada en Ajustes → Servidor del local → Emparejar otra tableta), o escríbelo.',
  scan: 'Escanear el código de emparejamiento',
  scanTitle: 'Escanear el código de emparejamiento',
  pointAtCode: 'Apunta la cámara al código de emparejamiento.',
  codeLabel: 'Código de emparejamiento',
  codeHint: '12 letras y cifras, como K7QM-3XDP-9RTA.',
  tabletLabel: 'Nombre de esta tableta (opcional)',
  tabletHint: 'Aparece en la lista de tabletas del local, como «Entrada».',
  connect: 'Conectar',
  connecting: 'Conectando…',
  notConnected:
    'Esta tableta no está conectada a un servidor del local. Con uno, el secreto de Pushed del local se queda en el servidor y todas las tabletas del local comparten una cuenta.',
  connectOther: 'Conectar a otro servidor del local',
  cancel: 'Cancelar',
  connectedNow: (venue, label) =>
    `Conectada: esta tableta envía ahora los mensajes de ${venue} por el servidor del local, como «${label}».`,
  connectedAs: (venue) => `Esta tableta envía los mensajes de ${venue} por el servidor del local.`,
  loading: 'Leyendo el servidor del local…',
  tryAgain: 'Reintentar',

  pairMessage(problem) {
    switch (problem.kind) {
      case 'empty':
        return 'Escribe el código de emparejamiento, o escanéalo.';
      case 'not_a_code':
      case 'bad_code':
        return 'Un código de emparejamiento tiene 12 letras y cifras, como K7QM-3XDP-9RTA. Revísalo y vuelve a intentarlo.';
      case 'not_a_pairing_link':
        return 'Ese código QR no es un código de emparejamiento del servidor del local.';
      case 'other_origin':
      case 'not_allowed':
        return `Este código es del servidor del local en ${problem.origin}: abre Waitbell desde esa dirección en esta tableta y conéctala.`;
      case 'address_refused':
        return `El servidor del local no acepta tabletas que abren Waitbell en ${problem.origin || 'esta dirección'}. Abre Waitbell en la dirección con la que se configuró el servidor, o pide a quien lo gestiona que autorice esta.`;
      case 'unknown_code':
        return 'El servidor del local no conoce ese código. Revísalo, o pide uno nuevo al responsable.';
      case 'used_code':
        return 'Ese código ya se usó: cada código conecta una tableta. Pide uno nuevo al responsable.';
      case 'expired_code':
        return 'Ese código caducó: los códigos duran 10 minutos. Pide uno nuevo al responsable.';
      case 'too_many_attempts': {
        const minutes = Math.max(1, Math.ceil((problem.retryAfterMs ?? 60_000) / 60_000));
        return `Demasiados códigos erróneos desde esta red. Espera ${minutes} ${minutes === 1 ? 'minuto' : 'minutos'} y vuelve a intentarlo.`;
      }
      case 'revoked':
        return REVOKED;
      case 'unauthorized':
        return 'El servidor del local no conoce esta tableta. Conéctala con un código de emparejamiento (Conectar a otro servidor del local).';
      case 'not_found':
        return 'Esa tableta ya no es de este local. La lista de abajo está al día.';
      case 'staff_pin_required':
        return 'Esto necesita el PIN del personal: cierra los Ajustes, ábrelos de nuevo con el PIN y vuelve a intentarlo.';
      case 'staff_pin_wrong':
        return `El servidor del local no conoce este PIN: puede que se cambiara en otra tableta. Cierra los Ajustes y ábrelos con el PIN actual del local.${problem.triesLeft === null ? '' : ` ${problem.triesLeft === 1 ? 'Queda 1 intento' : `Quedan ${problem.triesLeft} intentos`} antes de que se bloqueen las acciones del responsable.`}`;
      case 'staff_pin_locked': {
        const minutes = Math.max(1, Math.ceil((problem.retryAfterMs ?? 60_000) / 60_000));
        return `Demasiados PIN erróneos para este local. Espera ${minutes} ${minutes === 1 ? 'minuto' : 'minutos'} y vuelve a intentarlo.`;
      }
      case 'invalid_fields':
        return 'El servidor del local rechazó algunos campos: mira los mensajes bajo ellos.';
      case 'unreachable':
        return 'El servidor del local no respondió. Revisa la conexión a internet de esta tableta y vuelve a intentarlo.';
      case 'server_error':
        return `El servidor del local tuvo un problema (error ${problem.status}). Vuelve a intentarlo en un momento.`;
      case 'storage':
        return 'Esta tableta no pudo guardar la conexión y el código ya se gastó. Pide un código nuevo al responsable y vuelve a intentarlo.';
    }
  },
};
