import type { enOnline } from './en-online.ts';

/** Ajustes → Registro en línea, en español. */
export const esOnline: typeof enOnline = {
  title: 'Registro en línea',
  why: 'Los clientes escanean el código de la pantalla para unirse o del cartel, se apuntan desde su teléfono y ven allí su lugar en la fila. Sin instalar nada.',
  enabled: 'Los clientes pueden apuntarse desde su teléfono',
  enabledHint:
    'Desactivado: la página de registro sigue mostrando la espera y pide a los clientes que pasen por el mostrador.',
  maxWaitingHint: 'Al siguiente cliente se le pide que hable con el personal (de 1 a 200).',
  maxSizeHint: 'A los grupos más grandes se les pide que hablen con el personal.',
  hoursHint: 'Deja las dos vacías para aceptar registros a cualquier hora. Un fin antes del inicio pasa de medianoche.',
  timeZone: (zone) => `Las horas van en la zona horaria de esta tableta: ${zone}.`,
};
