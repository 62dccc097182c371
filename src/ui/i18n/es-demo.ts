/** Las palabras de la cuenta de demostración y los rechazos del responsable, en español. */
import { LATE_AFTER_MINUTES_MAX, LATE_AFTER_MINUTES_MIN } from '../../core/calls.ts';
import { esMessages } from './es-messages.ts';
import type { enDemo, enOwnerRefusals } from './en-demo.ts';

export const esDemo: typeof enDemo = {
  badge: 'Demo',
  title: 'Cuenta de demostración: no es una cuenta real de Pushed',
  explain:
    'Los avisos van al entorno de prueba de Pushed integrado en Waitbell, no a los teléfonos de los clientes. Prueba todo con el teléfono de mentira en /sandbox/phone.',
  howTo:
    'Para conectar tu cuenta real de Pushed: abre Ajustes y conecta esta tableta al servidor del local con el código de emparejamiento que te muestre el responsable (Ajustes → Servidor del local), o elige Directo a Pushed con la clave y el secreto de tu app, el alias del canal y el enlace de suscripción, y Guarda.',
  inSettings:
    'Cuenta de demostración en uso: los avisos van al entorno de prueba, no a los teléfonos de los clientes. Conecta esta tableta al servidor del local (Servidor del local, más abajo), o escribe los datos de Pushed y Guarda, para conectar una cuenta real.',
  close: 'Cerrar',
};

export const esOwnerRefusals: typeof enOwnerRefusals = {
  templateTooLong: (longest, limit) =>
    `Con ${esMessages.worstCase}, el mensaje tendría ${longest} caracteres; el límite es ${limit}. Acórtalo (o el nombre del local).`,
  lateAfterRefused: `Un número entero de minutos de ${LATE_AFTER_MINUTES_MIN} a ${LATE_AFTER_MINUTES_MAX}.`,
};
