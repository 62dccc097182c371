import type { enGuestData } from './en-guest-data.ts';

const day = (at: number) =>
  new Date(at).toLocaleDateString('es', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
const when = (at: number) =>
  `${day(at)}, ${new Date(at).toLocaleTimeString('es', { hour: '2-digit', minute: '2-digit' })}`;
const guests = (n: number) => `${n} ${n === 1 ? 'cliente' : 'clientes'}`;
const FIELD = { name: 'nombre', pushedId: 'PushedID', phone: 'teléfono', email: 'correo' } as const;

/** Ajustes → Datos de clientes, en español (tú). */
export const esGuestData: typeof enGuestData = {
  sectionTitle: 'Datos de clientes',
  sectionWhy:
    'Cuánto tiempo se guardan los nombres y contactos de los clientes, y borrar los datos de un cliente si lo pide.',
  open: 'Abrir datos de clientes',
  unavailable:
    'No se pudieron abrir los datos de clientes: conecta esta tableta a internet una vez y vuelve a intentarlo.',
  title: 'Datos de clientes',
  retentionTitle: 'Cuánto se guardan',
  retentionLabel: (f) =>
    f === 'personalDataDays' ? 'Días que se guardan nombres y contactos' : 'Meses que se guarda el historial anónimo',
  retentionHint: (f) =>
    f === 'personalDataDays'
      ? 'Cuando un grupo se va, su nombre, nota, teléfono, correo y PushedID se borran pasados estos días (de 1 a 365).'
      : 'Tamaños, horas y resultados, sin nombres, para el informe y los tiempos sugeridos (de 1 a 36 meses).',
  retentionProblem: (f) =>
    f === 'personalDataDays'
      ? 'Escribe un número entero de días, de 1 a 365.'
      : 'Escribe un número entero de meses, de 1 a 36.',
  retentionShared: 'Todas las tabletas del local y el servidor del local usan estos números.',
  save: 'Guardar',
  saved: 'Guardado.',
  eraseTitle: 'Borrar un cliente',
  eraseWhy:
    'Busca un cliente por un dato, revisa los grupos encontrados y bórralos. Tamaños y horas se quedan para el informe.',
  fieldLegend: 'Buscar por',
  fieldName: (f) => ({ name: 'Nombre', pushedId: 'PushedID', phone: 'Teléfono', email: 'Correo' })[f],
  valueLabel: (f) =>
    ({
      name: 'Nombre del cliente',
      pushedId: 'PushedID del cliente',
      phone: 'Teléfono del cliente',
      email: 'Correo del cliente',
    })[f],
  find: 'Buscar',
  finding: 'Buscando…',
  none: 'No hay ningún cliente con ese dato.',
  found: (n) => (n === 1 ? '1 grupo encontrado' : `${n} grupos encontrados`),
  status: (s) =>
    ({ waiting: 'esperando', notified: 'avisado', seated: 'a la mesa', no_show: 'no vino', removed: 'quitado' })[s],
  match: (size, joinedAt, status) => `${size} ${size === 1 ? 'persona' : 'personas'} · ${when(joinedAt)} · ${status}`,
  erase: (n) => `Borrar ${guests(n)}`,
  confirm: (n, everywhere) =>
    `¿Borrar los datos de ${guests(n)}? Su nombre, nota, teléfono, correo y PushedID se borran ${everywhere ? 'en todas las tabletas' : 'de esta tableta'}. No se puede deshacer.`,
  confirmYes: (n) => `Sí, borrar ${guests(n)}`,
  cancel: 'Cancelar',
  erasing: 'Borrando…',
  erased: (n) => `${n === 1 ? 'Borrado' : 'Borrados'} ${guests(n)}.`,
  needsServer:
    'Para borrar hace falta el servidor del local, así todas las tabletas borran al cliente: conecta esta tableta a internet y vuelve a intentarlo.',
  onTablet: 'Esta tableta no está conectada a un servidor del local: los clientes se borran solo de esta tableta.',
  pastTitle: 'Borrados anteriores',
  noneYet: 'Todavía no se ha borrado ningún cliente.',
  past: (at, field, parties, tablet) =>
    `${when(at)} · por ${FIELD[field]} · ${parties === 1 ? '1 grupo' : `${parties} grupos`} · ${tablet ?? 'esta tableta'}`,
  storage: 'Esta tableta no pudo leer o guardar sus datos. Vuelve a intentarlo; si sigue pasando, reinicia la tableta.',
  tryAgain: 'Reintentar',
};
