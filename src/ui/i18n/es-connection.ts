import type { enConnection } from './en-connection.ts';

const changes = (n: number) => (n === 1 ? '1 cambio' : `${n} cambios`);

/** El indicador de conexión de una tableta conectada al servidor del local, en español. */
export const esConnection: typeof enConnection = {
  changes,
  inSync: 'Sincronizada',
  syncing: (n) => (n > 0 ? `Sincronizando ${changes(n)}` : 'Sincronizando'),
  offline: (n) => (n > 0 ? `Sin conexión · ${changes(n)} en espera` : 'Sin conexión'),
  unreachable: (n) =>
    n > 0 ? `El servidor del local no responde · ${changes(n)} en espera` : 'El servidor del local no responde',
  disconnected: 'Desconectada del servidor del local',
  updateRequired: 'Actualice Waitbell: la versión de esta tableta es más antigua que la del servidor del local',
  explain: {
    in_sync: 'Todos los cambios de esta tableta han llegado al servidor del local.',
    syncing: 'Los cambios hechos aquí van camino de las demás tabletas.',
    offline: 'Sin red: los cambios se guardan en esta tableta y se envían cuando vuelva.',
    unreachable:
      'El servidor del local no responde: los cambios se guardan en esta tableta y se envían cuando responda.',
    disconnected: 'Esta tableta fue desconectada: sus cambios se guardan pero ya no se comparten.',
    update_required:
      'El servidor del local sincroniza con reglas más nuevas: esta tableta guarda sus cambios y no comparte nada hasta que Waitbell se actualice (ya está descargando la actualización).',
  },
};
