import type { enReport } from './en-report.ts';

const WEEKDAYS = ['lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo'];
const SIZE_CLASSES = ['1–2 personas', '3–4 personas', '5–6 personas', '7 o más'];
const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0');
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const capital = (s: string) => `${s[0]?.toUpperCase() ?? ''}${s.slice(1)}`;

/** El informe del propietario en español. */
export const esReport: typeof enReport = {
  open: 'Abrir el informe',
  sectionTitle: 'Informe',
  sectionWhy: 'Grupos, esperas, tiempos anunciados y abandonos de una noche, una semana o un mes, de todo el local.',
  needsServer:
    'El informe lo calcula el servidor del local con la lista de espera de todas las tabletas: conecte esta tableta a uno arriba para verlo.',
  title: 'Informe',
  period: 'Periodo',
  periodName: (p) => ({ night: 'Noche', week: 'Semana', month: 'Mes' })[p],
  date: 'Fecha',
  loading: 'Preguntando al servidor del local…',
  notOnServer: 'Este servidor del local aún no tiene informe: quien lo gestiona tiene que actualizarlo.',
  tryAgain: 'Reintentar',
  print: 'Imprimir',
  downloadCsv: 'Descargar CSV',
  heading(period, firstDay) {
    const day = new Date(`${firstDay}T12:00:00Z`);
    const date = (o: Intl.DateTimeFormatOptions) => day.toLocaleDateString('es-ES', { timeZone: 'UTC', ...o });
    if (period === 'night')
      return `La noche del ${date({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })}`;
    if (period === 'week') return `La semana del lunes ${date({ day: 'numeric', month: 'long', year: 'numeric' })}`;
    return capital(date({ month: 'long', year: 'numeric' }));
  },
  before(period, firstDay) {
    if (period === 'week') return 'la semana anterior';
    if (period === 'month') return 'el mes anterior';
    const day = WEEKDAYS[(new Date(`${firstDay}T12:00:00Z`).getUTCDay() + 6) % 7] ?? '';
    return `el ${day} anterior`;
  },
  timeZone: (zone) => `Horas de ${zone}.`,
  percent: (change, before) => `${signed(change)} % vs. ${before}`,
  minutes: (change, before) => `${signed(change)} min vs. ${before}`,
  points: (change, before) => `${signed(change)} puntos vs. ${before}`,
  same: (before) => `igual que ${before}`,
  noneBefore: (before) => `ninguno ${before}`,
  unknownBefore: (before) => `sin datos ${before}`,
  parties: 'Grupos',
  guests: 'Personas',
  medianWait: 'Espera mediana',
  withinQuote: 'Sentados dentro del tiempo anunciado',
  walkAways: 'Abandonos',
  onlineJoins: 'Apuntados en línea',
  minutesValue: (n) => `${Math.round(n)} min`,
  none: '—',
  byHourTitle: 'Grupos y personas por hora de llegada',
  byHourChart: (busiest) => `Gráfico de barras de grupos por hora de llegada. Hora más concurrida: ${busiest}.`,
  byHourKey: (before) => `Barras: este periodo. Rayas: ${before}.`,
  hour: 'Hora',
  hourName: (h) => `${String(h).padStart(2, '0')}:00`,
  previousParties: (before) => `Grupos ${before}`,
  thisPeriod: 'Este periodo',
  previousPeriod: (before) => capital(before),
  waitsTitle: 'Esperas por tamaño del grupo (grupos sentados)',
  waitsChart: 'Gráfico de barras de la espera mediana y del percentil 90 por tamaño del grupo.',
  sizeClass: (c) => (c === null ? 'Todos los tamaños' : (SIZE_CLASSES[c] ?? '')),
  size: 'Tamaño del grupo',
  seated: 'Sentados',
  median: 'Mediana',
  p90: '9 de cada 10 en',
  longest: 'Máxima',
  quotesTitle: 'Precisión del tiempo anunciado',
  quoted: 'Grupos con tiempo anunciado y sentados',
  meanError: 'De media, sentados más tarde de lo anunciado en',
  meanAbsoluteError: 'Distancia media al tiempo anunciado',
  errorValue: (n) => (n < 0 ? `${Math.round(-n)} min antes` : `${Math.round(n)} min`),
  accuracyTitle: 'La sugerencia de Waitbell frente a tus tiempos',
  accuracyKey: (parties, before) =>
    `Sobre ${parties === 1 ? 'el grupo sentado' : `los ${parties} grupos sentados`} con ambos. Barras: sentados dentro del tiempo. Rayas: ${before}.`,
  accuracyChart: (suggestion, host) =>
    `Gráfico de barras de la parte sentada dentro del tiempo: sugerencia de Waitbell ${suggestion}, tus tiempos ${host}.`,
  accuracyNone:
    'Ningún grupo sentado en este periodo tiene a la vez tu tiempo y la sugerencia de Waitbell: las sugerencias se guardan desde esta versión.',
  suggestionRow: 'Sugerencia de Waitbell',
  hostRow: 'Tus tiempos',
  withinShort: 'Sentados dentro',
  withinBefore: (before) => `Sentados dentro, ${before}`,
  meanErrorShort: 'Sentados más tarde, de media',
  meanAbsoluteErrorShort: 'Distancia media',
  walkAwaysTitle: 'Abandonos',
  removedBeforeCall: 'Quitados de la lista antes de llamarlos',
  noShowAfterCall: 'No vinieron tras llamarlos',
  cancelledByGuest: 'Cancelaron desde su teléfono',
  byPlaceTitle: 'Se fueron sin sentarse, por su puesto en la fila al apuntarse',
  byPlaceChart: 'Gráfico de barras de la parte de grupos que se fue, por su puesto en la fila al apuntarse.',
  place: 'Puesto en la fila',
  placeName: (from, to) => (to === null ? `${from} o más` : from === to ? `${from}` : `${from}–${to}`),
  placeUnknown: 'Desconocido (se apuntaron antes de guardarse el puesto)',
  joined: 'Apuntados',
  walkedAway: 'Se fueron',
  share: 'Parte',
  percentValue: (share) => `${Math.round(share * 100)} %`,
  joinsTitle: 'Apuntados en línea y en el mostrador',
  joinsChart: (online, stand) => `Barra de ${plural(online, 'grupo', 'grupos')} en línea y ${stand} en el mostrador.`,
  online: 'En línea',
  atStand: 'En el mostrador',
  heatmapTitle: 'Llegadas por día de la semana y hora',
  heatmapChart: 'Cuadrícula de llegadas por día de la semana y hora: cuanto más oscuro, más concurrido.',
  weekday: 'Día',
  weekdayName: (d) => capital(WEEKDAYS[d - 1] ?? ''),
  weekdayShort: (d) => capital((WEEKDAYS[d - 1] ?? '').slice(0, 3)),
  busiestTitle: 'Horas más concurridas',
  busiestHour: (weekday, hour, parties) => `${weekday} ${hour}: ${plural(parties, 'grupo', 'grupos')}`,
  noArrivals: 'Ningún grupo se apuntó en este periodo.',
  showTable: 'Ver los números',
  csvSection: 'Sección',
  csvFigure: 'Dato',
  csvName: (period, date) => `waitbell-informe-${period}-${date}.csv`,
};
