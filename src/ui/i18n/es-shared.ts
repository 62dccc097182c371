import type { SharedDocField } from '../../core/shared-settings.ts';
import type { enShared } from './en-shared.ts';

/** Los ajustes del local, como los lee el personal. */
const FIELDS: Record<SharedDocField, string> = {
  venueName: 'el nombre del local',
  channelAlias: 'el alias del canal',
  subscriptionLink: 'el enlace de suscripción',
  template: 'el mensaje de mesa lista',
  contentLimit: 'el límite del mensaje',
  lateAfterMinutes: 'los minutos hasta que un grupo avisado llega tarde',
  autoNoShow: 'el «no vino» automático',
  onListMessage: 'el aviso «en la lista»',
  onListTemplate: 'el mensaje «en la lista»',
  gettingClosePosition: 'el puesto del aviso «ya casi»',
  gettingCloseTemplate: 'el mensaje «ya casi»',
  defaultQuotes: 'las esperas habituales',
  onlineJoins: 'el registro en línea',
  retention: 'cuánto tiempo se guardan los datos de los clientes',
  pinHash: 'el PIN del personal',
};

const list = (names: string[]) =>
  names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} y ${names.at(-1)!}`;

/** Los ajustes que comparten las tabletas del local, en español. */
export const esShared: typeof enShared = {
  conflict: (fields) =>
    `Otra tableta también había cambiado ${list(fields.map((f) => FIELDS[f]))}. Lo que se guardó en esta tableta vale ahora en todas; el resto de ajustes está como lo tiene el local.`,
  conflictDismiss: 'Entendido',
  settingsRefused: (fields) =>
    `Los cambios en ${list(fields.map((f) => FIELDS[f]))} no llegaron al servidor del local, que necesita el PIN del personal para cambiarlos: esta tableta vuelve a tener los ajustes del local. Abre los ajustes y vuelve a hacerlos con la tableta conectada a internet.`,
  pinRefused:
    'El nuevo PIN del personal no llegó al servidor del local, que necesita el PIN actual para cambiarlo: esta tableta vuelve a usar el PIN del local. Vuelve a poner el PIN nuevo con la tableta conectada a internet.',
};
