import type { CsvProblem } from '../../core/history-csv.ts';
import { DEFAULT_QUOTE_MAX, DEFAULT_QUOTE_MIN } from '../../core/settings.ts';
import type { enQuotes } from './en-quotes.ts';

const CLASSES = ['1–2', '3–4', '5–6', '7+'];
const TABLES = ['una mesa para 1–2', 'una mesa para 3–4', 'una mesa para 5–6', 'una mesa grande'];
/** 50.000: counts as the host writes them. */
const num = (n: number) => new Intl.NumberFormat('es').format(n);
const groups = (n: number) => (n === 0 ? 'Ningún grupo' : `${n} ${n === 1 ? 'grupo' : 'grupos'}`);

/** The quotes' words in Spanish. */
export const esQuotes: typeof enQuotes = {
  sizeClass: (c: number) => CLASSES[c] ?? '7+',
  suggested: (minutes: number) => `Sugerido: ${minutes} min`,
  suggestedChip: (minutes: number) => `${minutes} min, sugerido`,
  basisDefault: (sizeClass: number, ahead: number, someHistory: boolean) => {
    const why = someHistory ? `aún no hay bastante historial para ${CLASSES[sizeClass]}` : 'aún sin historial';
    return ahead === 0
      ? `Tu espera habitual para ${CLASSES[sizeClass]} (${why})`
      : `${groups(ahead)} de ${CLASSES[sizeClass]} delante · según tu espera habitual (${why})`;
  },
  basisEstimate: (sizeClass: number, ahead: number, turnMinutes: number) =>
    `${groups(ahead)} de ${CLASSES[sizeClass]} delante; se libera ${TABLES[sizeClass]} cada ${turnMinutes} min, más o menos`,
  requoteShort: (minutes: number) => `La espera dada se queda corta: ~${minutes} min`,
  requote: (minutes: number) => `Dar ${minutes} min`,
  requoteFor: (name: string) => `a ${name}`,
  requoted: 'con nueva espera',
  defaults: {
    legend: 'Espera habitual, mientras no haya historial (minutos)',
    hint: 'Añadir grupo las sugiere hasta que Waitbell haya visto bastantes grupos de ese tamaño.',
    field: (c: number) => `Grupos de ${CLASSES[c]}`,
    refused: `Minutos enteros de ${DEFAULT_QUOTE_MIN} a ${DEFAULT_QUOTE_MAX}.`,
  },
  fieldLabels: {
    defaultQuote0: 'Espera habitual para 1–2',
    defaultQuote1: 'Espera habitual para 3–4',
    defaultQuote2: 'Espera habitual para 5–6',
    defaultQuote3: 'Espera habitual para 7+',
  },
  history: {
    title: 'Importar historial',
    why: 'Empieza con los grupos de tu sistema anterior, para que las esperas sugeridas conozcan tu local desde el primer día. Solo se guardan tamaños, esperas y horas: ningún nombre.',
    format:
      'Un archivo CSV con fila de encabezado: joined_at, party_size, quoted_minutes, seated_at, left_at, outcome.',
    choose: 'Archivo de historial (CSV)',
    reading: 'Leyendo el archivo…',
    summary: (n: number) => `${num(n)} ${n === 1 ? 'grupo' : 'grupos'} en este archivo`,
    range: (from: string, to: string) => (from === to ? `El ${from}` : `Del ${from} al ${to}`),
    outcomes: (seated: number, noShow: number, removed: number) =>
      `${num(seated)} sentados · ${num(noShow)} no vinieron · ${num(removed)} quitados`,
    firstRows: 'Primeras filas',
    columns: { joined: 'Llegó', size: 'Personas', quoted: 'Espera dada', outcome: 'Resultado' },
    outcome: { seated: 'Sentado tras', no_show: 'No vino', removed: 'Quitado' },
    minutes: (n: number) => `${n} min`,
    none: '—',
    import: (n: number) => `Importar ${num(n)} ${n === 1 ? 'grupo' : 'grupos'}`,
    importing: 'Importando…',
    done: (added: number, alreadyThere: number) =>
      alreadyThere === 0
        ? `${num(added)} ${added === 1 ? 'grupo importado' : 'grupos importados'}. Las esperas sugeridas ya los usan.`
        : `${num(added)} ${added === 1 ? 'grupo importado' : 'grupos importados'}; ${num(alreadyThere)} ya ${alreadyThere === 1 ? 'estaba' : 'estaban'} de una importación anterior.`,
    willLeaveOut: (n: number) =>
      `${num(n)} ${n === 1 ? 'grupo es de hace más de 13 meses y se dejará' : 'grupos son de hace más de 13 meses y se dejarán'} fuera: Waitbell guarda un año de historial, más o menos.`,
    tooOld: (n: number) =>
      `${num(n)} ${n === 1 ? 'grupo de hace más de 13 meses se dejó' : 'grupos de hace más de 13 meses se dejaron'} fuera: Waitbell guarda un año de historial, más o menos.`,
    refused: (lines: number) =>
      `No se importó nada: ${lines} ${lines === 1 ? 'línea' : 'líneas'} de este archivo no se ${lines === 1 ? 'puede' : 'pueden'} usar. ${lines === 1 ? 'Corrígela' : 'Corrígelas'} y vuelve a elegir el archivo.`,
    more: (n: number) => `…y ${n} ${n === 1 ? 'línea' : 'líneas'} más.`,
    notText: 'Este archivo no se puede leer como texto. Elige el CSV que exportó tu sistema anterior.',
    failed: 'No se pudo guardar el historial, así que no se importó nada. Inténtalo otra vez.',
  },
  csvProblem: (lines: string, count: number, p: CsvProblem) =>
    `${count === 1 ? 'Línea' : 'Líneas'} ${lines}: ${csvWords(p)}`,
};

function csvWords(p: CsvProblem): string {
  const value = p.value ? ` («${p.value}»)` : '';
  switch (p.kind) {
    case 'missing_column':
      return `el encabezado no tiene la columna ${p.column}.`;
    case 'empty':
      return 'el archivo no tiene ningún grupo.';
    case 'semicolons':
      return 'este archivo separa las columnas con punto y coma; expórtalo con comas (CSV UTF-8) y vuelve a elegirlo.';
    case 'unreadable':
      return 'esta línea no se puede leer (¿unas comillas sin cerrar?).';
    case 'bad_time':
      return p.value
        ? `${p.column}${value} no es una hora como 2026-03-06T19:05:00+01:00.`
        : `${p.column} está vacío: cada grupo necesita la hora a la que llegó.`;
    case 'bad_size':
      return `party_size${value} debe ser un número entero de personas, 1 o más.`;
    case 'bad_quote':
      return `quoted_minutes${value} debe ser un número de minutos (o vacío si no se dio espera).`;
    case 'bad_outcome':
      return `outcome${value} debe ser seated, no_show o removed.`;
    case 'inconsistent':
      return p.column === 'seated_at' || p.column === 'left_at'
        ? `${p.column}${value} no cuadra con el resultado: los sentados llevan solo seated_at, los demás solo left_at, después de joined_at.`
        : 'las horas no cuadran entre sí.';
  }
}
