import type { enVenueOwner } from './en-venue-owner.ts';
import { when, FIELD_LABELS } from './es-venue.ts';

/** Las palabras del responsable en la sección del local: la cuenta de Pushed, los códigos, las tabletas. Solo las leen los ajustes. */
export const esVenueOwner: typeof enVenueOwner = {
  account: {
    title: 'La cuenta de Pushed del local',
    why: 'Se guarda en el servidor del local para todas sus tabletas: el secreto de app nunca vuelve a una tableta.',
    fields: FIELD_LABELS,
    secretSaved: 'Guardado en el servidor del local. Escribe uno nuevo solo para reemplazarlo.',
    secretMissing: 'Aún no está: ninguna tableta del local puede enviar hasta que esté.',
    save: 'Guardar en el servidor del local',
    saving: 'Guardando…',
    saved: 'Guardado en el servidor del local.',
    fieldMessage(_field, problem) {
      switch (problem) {
        case 'required':
          return 'Este dato es obligatorio.';
        case 'too_long':
          return 'Es demasiado largo.';
        case 'bad_characters':
          return 'Solo lleva letras y cifras: revísalo en el panel de Pushed.';
        case 'not_https':
          return 'Escribe el enlace tal como lo muestra el panel de Pushed, empezando por https://.';
      }
    },
  },

  pairing: {
    title: 'Emparejar otra tableta',
    why: 'En la otra tableta: Ajustes → Conectar al servidor del local, y escanea este código o escríbelo. Cada código conecta una tableta.',
    show: 'Mostrar un código de emparejamiento',
    refresh: 'Código nuevo',
    validFor: (clock) => `Válido durante ${clock}`,
    expired: 'Este código caducó. Crea uno nuevo.',
    qrLabel: (code) => `Código QR para conectar otra tableta, código ${code}`,
    codeCaption: 'O escribe este código:',
  },

  tablets: {
    title: 'Las tabletas del local',
    none: 'Aún no hay tabletas.',
    thisTablet: 'Esta tableta',
    paired: (at) => `Conectada el ${when(at)}`,
    lastSeen: (at) => (at === null ? 'Aún sin actividad' : `Vista por última vez el ${when(at)}`),
    revokedAt: (at) => `Desconectada el ${when(at)}`,
    pairedBy: (by) => (by === null ? 'Emparejada desde la línea de comandos del servidor' : `Emparejada por «${by}»`),
    revokedBy: (by) =>
      by === null ? 'Desconectada desde la línea de comandos del servidor' : `Desconectada por «${by}»`,
    lastAction: (action, at) =>
      `Última acción del responsable: ${
        {
          venue: 'cambió la cuenta de Pushed',
          settings: 'cambió los ajustes del local',
          pairing_code: 'creó un código de emparejamiento',
          revoke: 'desconectó una tableta',
          pin: 'cambió el PIN del personal',
        }[action]
      }, el ${when(at)}`,
    along: (labels) =>
      `Las tabletas que emparejó se van con ella: ${labels.map((l) => `«${l}»`).join(', ')}. Mantén conectadas las que sean de confianza:`,
    keepIt: (label) => `Mantener «${label}» conectada`,
    gone: (labels) => `Desconectadas: ${labels.map((l) => `«${l}»`).join(', ')}.`,
    revoke: 'Desconectar…',
    confirm: (label, current) =>
      current
        ? `¿Desconectar «${label}», esta tableta? Deja de enviar mensajes hasta que se conecte de nuevo con un código nuevo. Su lista de espera se conserva.`
        : `¿Desconectar «${label}»? Deja de enviar mensajes hasta que se conecte de nuevo con un código nuevo. Su lista de espera se conserva.`,
    confirmYes: 'Desconectar',
    keep: 'Mantener conectada',
    refresh: 'Actualizar',
  },
};
