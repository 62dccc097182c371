import type { Mutation } from '../../core/sync/mutation.ts';
import type { SyncNotice } from '../../state/sync-model.ts';
import type { AlreadyCalled, BoardFull, enSync } from './en-sync.ts';
import { invalidIn, type PartyField } from './sync-fields.ts';

const clock = (at: number) => new Date(at).toLocaleTimeString('es', { hour: 'numeric', minute: '2-digit' });
const on = (tablet: string | null, byGuest = false) =>
  byGuest ? 'desde el teléfono del cliente' : tablet ? `en ${tablet}` : 'en otra tableta';
const finishedAs = { seated: 'sentado', no_show: 'marcado como no presentado', removed: 'quitado' } as const;

function changeName(change: Mutation): string {
  switch (change.kind) {
    case 'add':
      return 'el grupo nuevo';
    case 'edit':
      return 'el cambio';
    case 'move':
      return 'el movimiento';
    case 'message':
      return 'el mensaje al cliente';
    case 'undo':
      return 'Deshacer';
    case 'guest':
      return change.action === 'cancel' ? 'la cancelación del cliente' : 'el «voy para allá» del cliente';
    case 'erase':
      return 'el borrado';
    case 'act':
      return {
        notify: 'Mesa lista',
        seat: 'Sentar',
        no_show: 'No presentado',
        remove: 'Quitar',
        recall: 'Recuperar',
      }[change.action];
  }
}

function called({ partyName, partySize, tablet }: SyncNotice, { round, calledAt }: AlreadyCalled): string {
  const who = partySize === null ? partyName : `${partyName} (grupo de ${partySize})`;
  const again = round > 1 ? ` (llamada ${round})` : '';
  const when = typeof calledAt === 'number' ? ` a las ${clock(calledAt)}` : '';
  return `Ya se llamó a ${who}${again} ${tablet ? `desde ${tablet}` : 'desde otra tableta'}${when}`;
}

const CAMPOS: Record<PartyField, string> = {
  name: 'El nombre',
  note: 'La nota',
  size: 'El tamaño del grupo',
  quoteMinutes: 'La espera estimada',
  pushedId: 'El PushedID',
  email: 'El correo',
};

function invalido(name: string, { at, problem }: Extract<SyncNotice['reason'], { kind: 'invalid' }>): string {
  const field = invalidIn(at);
  const cual = field ? `${CAMPOS[field]} de ${name}` : `Un cambio de ${name}`;
  if (problem === 'control_character' || problem === 'lone_surrogate')
    return `${cual} tiene un carácter que Waitbell no puede guardar`;
  if (problem === 'too_long') return `${cual} no cabe en el servidor del local`;
  if (problem === 'out_of_range')
    return `Un cambio de ${name} lleva una fecha que el servidor del local no acepta: revisa la fecha y la hora de esta tableta`;
  return field
    ? `El servidor del local no aceptó ${cual.charAt(0).toLowerCase()}${cual.slice(1)}`
    : `El servidor del local no pudo aceptar un cambio de ${name}`;
}

const listaLlena = ({ bound, max }: BoardFull) =>
  bound === 'parties' ? `la lista del local está llena (${max} grupos esperando)` : 'la lista del local está llena';

const soloAqui = (name: string, full: BoardFull) =>
  `${name} solo está en esta tableta: ${listaLlena(full)}, así que las otras tabletas no ven a ${name}. Cuando haya sitio, cualquier cambio en ${name} lo envía a las demás.`;

function what({ partyName: name, reason, tablet, byGuest }: SyncNotice): string {
  switch (reason.kind) {
    case 'already_finished':
      if (byGuest && reason.by === 'removed')
        return `${name} ya había cancelado desde su teléfono a las ${clock(reason.finishedAt)}`;
      return `${name} ya estaba ${finishedAs[reason.by]} ${on(tablet, byGuest)} a las ${clock(reason.finishedAt)}`;
    case 'already_on_board':
      return `${name} ya había vuelto a la lista (${on(tablet, byGuest)})`;
    case 'changed_since':
      return `${name} se cambió ${on(tablet, byGuest)} entretanto`;
    case 'nothing_to_undo':
      return `No quedaba nada que deshacer para ${name}`;
    case 'unknown_party':
      return `${name} no está en la lista del local`;
    case 'invalid':
      return invalido(name, reason);
    case 'board_full':
      return `${name} no pudo volver a la lista: ${listaLlena(reason)}`;
    case 'erased':
      return 'El dueño borró los datos de este cliente';
    default:
      return `El servidor del local no pudo aceptar un cambio de ${name}`;
  }
}

/** La sincronización con el servidor del local, en español. */
export const esSync: typeof enSync = {
  history: (done, total) => `Cargando el historial del local: ${done} de ${total}`,
  guestCancelled: (name, size) => `${name} (grupo de ${size}) canceló desde su teléfono.`,
  rejected: (notice) =>
    notice.reason.kind === 'already_called'
      ? `${called(notice, notice.reason)}. ${notice.reachable ? 'Su Mesa lista no se envió otra vez: el cliente no recibe dos avisos.' : 'Su Mesa lista no hacía falta.'}`
      : notice.reason.kind === 'board_full' && notice.change.kind === 'add'
        ? soloAqui(notice.partyName, notice.reason)
        : `${what(notice)}: ${changeName(notice.change)} no se aplicó.`,
};
