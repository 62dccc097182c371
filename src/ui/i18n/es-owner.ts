import { LATE_AFTER_MINUTES_MAX, LATE_AFTER_MINUTES_MIN } from '../../core/calls.ts';
import { CONTENT_LIMIT_MAX, CONTENT_LIMIT_MIN } from '../../core/message-template.ts';
import type { enOwner } from './en-owner.ts';

/** The owner's words in Spanish: recuperar el PIN, reglas de llamada, la cuenta de demostración y el cartel. */
export const esOwner: typeof enOwner = {
  recovery: {
    codeTitle: 'Apunta el código de recuperación',
    codeWhy:
      'Si alguna vez se olvida el PIN del personal, este código permite elegir uno nuevo sin perder la lista. Solo se muestra esta vez: apúntalo y guárdalo lejos de la tableta.',
    codeLabel: 'Código de recuperación',
    confirm: 'He apuntado el código de recuperación',
    confirmNeeded: 'Marca la casilla cuando hayas apuntado el código.',
    continue: 'Seguir a los ajustes',
    forgot: '¿Olvidaste el PIN?',
    forgotTitle: 'Restablecer el PIN del personal',
    forgotWhy: 'Escribe el código de recuperación que se mostró al elegir el PIN: 16 letras y cifras.',
    check: 'Comprobar el código',
    notACode: 'Un código de recuperación tiene 16 letras y cifras en cuatro grupos, como 7K2M-Q9XD-4HTR-B6WN.',
    wrong: (left) =>
      `Ese código de recuperación no es correcto. ${left} ${left === 1 ? 'intento' : 'intentos'} antes de bloquear los ajustes.`,
    noRecovery:
      'Esta tableta no tiene código de recuperación: su PIN se eligió antes de que existieran. Sin el PIN, solo borrar los datos del sitio de Waitbell en el navegador lo restablece, y eso borra también la lista.',
    newPinTitle: 'Elige un PIN nuevo',
    newPinWhy:
      'El código de recuperación es correcto. Elige un PIN nuevo; un código de recuperación nuevo sustituye al anterior.',
    backToPin: 'Volver al PIN',
    adopted:
      'Ajustes importados. El PIN de esta tableta ya puede restablecerse con el código de recuperación de la tableta de origen. Revisa los ajustes y toca Guardar.',
  },
  calls: {
    lateAfterHint: `Tras «Mesa lista», un grupo que no ha llegado en estos minutos aparece como tarde (de ${LATE_AFTER_MINUTES_MIN} a ${LATE_AFTER_MINUTES_MAX}).`,
    autoNoShow: 'Marcar solos como «no vino» a los grupos que llegan tarde',
    autoNoShowHint:
      'Desactivado: los grupos que llegan tarde siguen en la lista, marcados, hasta que el personal decida. Activado: pasan a «Atendidos hoy» como «no vino», con Deshacer y Recuperar.',
  },
  characterCount: (sample, longest, limit) => `${sample} de ${limit} caracteres; hasta ${longest} en el peor caso.`,
  characterCountNoLimit: (sample, longest, limit) =>
    `${sample} de ${limit} caracteres, lo máximo que admite Pushed, hasta que el límite de abajo esté entre ${CONTENT_LIMIT_MIN} y ${CONTENT_LIMIT_MAX}; hasta ${longest} en el peor caso.`,
  poster: {
    title: 'Cartel con el código para unirse',
    why: 'Para la puerta o el mostrador: el código QR, el nombre del local y los pasos para los clientes, en una página A4 o Carta.',
    demoNote: 'Mientras se use la cuenta de demostración, el cartel lleva la marca DEMO.',
    checkInPng: 'Descargar PNG del registro',
    checkInSvg: 'Descargar SVG del registro',
  },
};
