import type { Strings } from '../strings.ts';

const time = (at: number) => new Date(at).toLocaleTimeString('es', { hour: 'numeric', minute: '2-digit' });

/** Las palabras del tablero en español: puestos, filtros, avisos, detalles, atendidos hoy. */
export const esBoard: Strings['rush'] = {
  sizeFilter: 'Personas',
  bucket: (bucket) => `${bucket.replace('-', '–')}`,
  bucketGuests: ' personas:',
  bucketParties: (n) => (n === 1 ? ' grupo' : ' grupos'),
  search: 'Buscar nombre o nota',
  searchPlaceholder: 'Buscar',
  clearSearch: 'Borrar la búsqueda',
  finishedButton: (n) => `Atendidos hoy (${n})`,
  noMatch: 'Ningún grupo de la lista coincide.',
  showEveryone: 'Mostrar a todos',
  position: (n) => `Número ${n} en la fila`,
  positionLabel: 'Lugar en la fila',
  positionOf: (n, of) => `${n} de ${of}`,
  more: (name) => `Más de ${name}`,
  closeDetails: 'Cerrar',
  overrun: (minutes, level) =>
    level === 'far_over' ? `+${minutes} min, muy pasado de la espera` : `+${minutes} min, pasado de la espera`,
  overrunWords: (level) => (level === 'far_over' ? 'muy pasado de la espera' : 'pasado de la espera'),
  called: (minutes) => (minutes === 0 ? 'Avisado ahora' : `Avisado hace ${minutes} min`),
  late: (minutes) => `Tarde · ${minutes} min`,
  calls: (n) => `${n} avisos`,
  waitedLabel: 'Espera',
  contactLabel: 'Se avisa por',
  pushedId: (id) => `PushedID ${id.slice(0, 1)}…${id.slice(-1)}`,
  noContact: 'Sin PushedID ni correo: llama al cliente por su nombre',
  pushedMark: 'Pushed',
  pushedLostMark: 'Pushed perdido',
  pushedAllowed: 'Pushed: permitido en el teléfono del cliente',
  pushedLost:
    'Permiso de Pushed perdido: el local cambió su app de Pushed; pide al cliente que toque «Avisarme con Pushed» de nuevo en su página',
  callAgain: 'Avisar otra vez',
  edit: 'Editar',
  editTitle: (name) => `Editar ${name}`,
  saveChanges: 'Guardar cambios',
  moveUp: 'Subir',
  moveDown: 'Bajar',
  minutes: (m) => `${m} min`,
  finishedTitle: 'Atendidos hoy',
  noneFinished: 'Hoy todavía no se ha sentado ni ido nadie.',
  finishedHow: (p) => {
    const at = p.finishedAt === null ? '' : ` ${time(p.finishedAt)}`;
    if (p.status === 'seated') return `A la mesa${at}`;
    if (p.status === 'no_show')
      return p.finishReason === 'late' ? `No vino${at}, tarde tras el aviso (automático)` : `No vino${at}`;
    if (p.finishReason === 'erased') return `Quitado de la lista${at}: el dueño borró los datos del cliente`;
    return p.finishReason === 'guest_cancelled' ? `Cancelado por el cliente${at}` : `Quitado${at}`;
  },
  erasedGuest: 'Cliente borrado',
  erasedNotSent: 'Mensaje no enviado: se borraron los datos del cliente.',
  recall: 'Recuperar',
  joinedOnline: 'Apuntado en línea',
  onTheWay: 'Viene de camino',
  call: 'Llamar',
  callWho: (name, phone) => `Llamar a ${name}, ${phone}`,
  phoneLabel: 'Teléfono',
};
