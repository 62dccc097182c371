import { GETTING_CLOSE_POSITION_MAX } from '../../core/guest-message.ts';
import {
  WORST_CASE_NAME_LENGTH,
  WORST_CASE_POSITION,
  WORST_CASE_QUOTE,
  WORST_CASE_SIZE,
} from '../../core/message-template.ts';
import type { enMessages } from './en-messages.ts';

const time = (at: number) => new Date(at).toLocaleTimeString('es', { hour: 'numeric', minute: '2-digit' });

/** The words of guest messages in Spanish. */
export const esMessages: typeof enMessages = {
  kind: { on_list: 'En la lista', getting_close: 'Casi lista', table_ready: 'Mesa lista' },
  line: (kind, state) => `${kind} · ${state}`,
  round: (n) => `${n}.ª vez`,
  notSubscribed: 'No enviado: el cliente aún no está suscrito a tu canal. Pídele que escanee el código para unirse.',
  userNotSubscribed:
    'No enviado: el cliente aún no está suscrito a tu canal, aunque permitió Pushed. Pídele que escanee el código de Pushed de la pantalla para unirse.',
  pushedLostNoContact: 'Permiso de Pushed perdido: llama al cliente.',
  tooLate: 'No enviado: la tableta estuvo sin conexión demasiado tiempo para que valga la pena enviarlo.',
  almostReady: 'Casi lista',
  almostReadyHint: 'Pide al cliente que se quede cerca: su mesa está casi lista.',
  listTitle: 'Mensajes al cliente',
  queuedAt: (at) => time(at),
  none: 'Aún ningún mensaje.',
  settingsTitle: 'Mensajes a los clientes',
  fields: {
    onListTemplate: 'Mensaje al añadir un grupo',
    gettingCloseTemplate: 'Mensaje cuando a un grupo le falta poco',
    gettingClosePosition: 'Enviar «falta poco» en el puesto',
  },
  onListMessage: 'Decir a los clientes su puesto y la espera al añadirlos',
  onListHint: 'Se envía a un grupo añadido con PushedID o email. Sin espera indicada, se omite la parte con {quote}.',
  gettingCloseHint:
    'Se envía una vez, solo, cuando un grupo sube a este puesto. Un grupo que llegó ya tan cerca conoce su puesto y no recibe otro aviso. El personal puede reenviarlo con Casi lista.',
  positionOff: 'Desactivado',
  positionOption: (n) => (n === 1 ? '1 (el siguiente)' : String(n)),
  positionRefused: `Desactivado, o un puesto del 1 al ${GETTING_CLOSE_POSITION_MAX}.`,
  unknownPlaceholder: (placeholder) =>
    `Waitbell no sabe rellenar ${placeholder}. Usa {name}, {venue}, {size}, {position} o {quote}.`,
  worstCase: `un nombre de ${WORST_CASE_NAME_LENGTH} caracteres, un grupo de ${WORST_CASE_SIZE}, el puesto ${WORST_CASE_POSITION} y una espera de ${WORST_CASE_QUOTE} minutos`,
};
