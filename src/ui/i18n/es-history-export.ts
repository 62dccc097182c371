import type { VenueProblem } from '../../core/venue.ts';
import type { enHistoryExport } from './en-history-export.ts';
import { esVenue } from './es-venue.ts';

/** Ajustes → el historial del local desde el servidor del local, en español. */
export const esHistoryExport: typeof enHistoryExport = {
  title: 'El historial del local',
  why: 'Todos los grupos terminados que guarda el servidor del local, de todas sus tabletas, en un archivo de hoja de cálculo (CSV). No lleva el nombre, la nota, el teléfono ni el correo de ningún cliente, y se puede importar en los tiempos sugeridos.',
  download: 'Descargar el historial del local (CSV)',
  downloading: 'Descargando…',
  downloaded: (fileName: string) => `Se descargó ${fileName}. Está en las descargas de esta tableta.`,
  offline:
    'El historial del local se guarda en el servidor del local: conecta esta tableta a internet y vuelve a intentarlo.',
  problem(problem: VenueProblem): string {
    if (problem.kind === 'unreachable') return esHistoryExport.offline;
    if (problem.kind === 'not_found')
      return 'Este servidor del local aún no puede exportar el historial: pide a quien lo gestiona que lo actualice.';
    return esVenue.pairMessage(problem);
  },
};
