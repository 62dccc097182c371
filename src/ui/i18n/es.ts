import { STALE_AFTER_MS } from '../../core/delivery.ts';
import { CONTENT_LIMIT_MAX, CONTENT_LIMIT_MIN } from '../../core/message-template.ts';
import type { FieldProblem } from '../../core/party-input.ts';
import {
  DEVICE_TOKEN_MIN_LENGTH,
  PUSHED_ACCOUNT_FIELD_MAX_LENGTH,
  VENUE_NAME_MAX_LENGTH,
} from '../../core/settings.ts';
import { SCAN_IDLE_TIMEOUT_MS } from '../../state/scanner-port.ts';
import {
  NAME_MAX_LENGTH,
  NOTE_MAX_LENGTH,
  PARTY_SIZE_MAX,
  PARTY_SIZE_MIN,
  QUOTE_MAX_MINUTES,
} from '../../core/party-input.ts';
import { PUSHED_ID_MAX_LENGTH, PUSHED_ID_MIN_LENGTH } from '../../core/pushed-id.ts';
import type { Strings } from '../strings.ts';
import { esBoard } from './es-board.ts';
import { esMessages } from './es-messages.ts';
import { esDemo, esOwnerRefusals } from './es-demo.ts';
import { esConnection } from './es-connection.ts';
import { esVenue } from './es-venue.ts';
import { esSync } from './es-sync.ts';
import { esQuotes } from './es-quotes.ts';

const time = (at: number) => new Date(at).toLocaleTimeString('es', { hour: 'numeric', minute: '2-digit' });
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const pushedIdMessage: Strings['pushedIdMessage'] = (problem) => {
  switch (problem) {
    case 'subscription_link':
      return 'Eso es un código de suscripción, no un PushedID. Pide al cliente Cuenta → PushedID en la app Pushed.';
    case 'url_without_id':
      return 'Ese enlace no contiene un PushedID.';
    case 'bad_characters':
      return 'Un PushedID solo tiene letras y números. Revisa lo escrito.';
    case 'too_short':
      return `Un PushedID tiene al menos ${PUSHED_ID_MIN_LENGTH} letras y números.`;
    case 'too_long':
      return `Es demasiado largo para un PushedID (máximo ${PUSHED_ID_MAX_LENGTH} letras y números).`;
    case 'empty':
      return 'Escribe el PushedID.';
  }
};

const refusalReason = (errorType: string, message: string): string => {
  switch (errorType) {
    case 'target_has_no_subscribers':
      return 'El cliente aún no está suscrito a tu canal. Pídele que escanee el código para unirse y toca Reintentar.';
    case 'user_not_subscribed':
      return 'El cliente aún no está suscrito a tu canal, aunque permitió Pushed. Pídele que escanee el código de Pushed de la pantalla para unirse y toca Reintentar en su fila.';
    case 'pushed_permission_missing':
      return 'El servidor del local no tiene permiso de Pushed de este cliente. Pídele que toque «Avisarme con Pushed» en su página y toca Reintentar en su fila, o llámalo.';
    case 'pushed_permission_lost':
      return 'Permiso de Pushed perdido: el local cambió su app de Pushed. Pide al cliente que toque «Avisarme con Pushed» de nuevo en su página y toca Reintentar en su fila.';
    case 'guest_erased':
      return 'No enviado: el dueño borró los datos de este cliente.';
    case 'needs_venue_server':
      return 'Hace falta el servidor del local: el cliente permitió Pushed en su teléfono, y solo el servidor puede llegar a él. Conéctalo en Ajustes → Servidor del local y toca Reintentar.';
    case 'app_credentials_are_not_valid':
      return 'Pushed no aceptó la clave o el secreto de la app. Revísalos en Ajustes.';
    case 'content_too_long':
      return 'El mensaje es demasiado largo para Pushed. Acorta la plantilla en Ajustes.';
    case 'invalid_request':
      return 'Pushed no está del todo configurado en esta tableta. Revisa Ajustes.';
    case 'unauthorized':
      return 'El servidor del local no aceptó el token de esta tableta. Conéctala de nuevo: Ajustes → Servidor del local.';
    case 'origin_not_allowed':
      return 'El servidor del local aún no acepta la dirección de esta tableta. Pide a quien lo gestiona que la permita.';
    default:
      return message ? `Pushed lo rechazó: ${message}` : `Pushed lo rechazó (${errorType}).`;
  }
};

/** Every word the host reads, in Spanish. */
export const es: Strings = {
  appName: 'Waitbell',
  addParty: 'Añadir grupo',
  addToWaitlist: 'Añadir a la lista',
  cancel: 'Cancelar',
  seated: 'Sentar',
  noShow: 'No vino',
  remove: 'Quitar',
  tableReady: 'Mesa lista',
  retry: 'Reintentar',
  resend: 'Reenviar',
  settings: 'Ajustes',
  online: 'En línea',
  offline: (waiting) => (waiting > 0 ? `Sin conexión · ${waiting} por enviar` : 'Sin conexión'),
  toSend: (waiting) => `${waiting} por enviar`,
  timesSent: (n) => (n === 1 ? 'una vez' : `${n} veces`),
  undo: 'Deshacer',
  dismiss: 'Cerrar',
  reload: 'Recargar',
  tryAgain: 'Intentar otra vez',
  waitlistLabel: 'Lista de espera',
  lastChangeLabel: 'Último cambio',
  connectionLabel: 'Conexión',
  settingsRefused: (fields) => `No se guardó. Revisa: ${fields.join(', ')}.`,
  separateWaitlist: (name) => `Lista aparte: ${name}`,
  loading: 'Abriendo la lista de espera…',
  emptyBoard: 'No hay nadie esperando. Toca «Añadir grupo» cuando lleguen clientes.',
  totals: (parties, covers) => `${plural(parties, 'grupo', 'grupos')} · ${plural(covers, 'persona', 'personas')}`,
  partiesCount: (n) => plural(n, 'grupo', 'grupos'),
  people: (n) => plural(n, 'persona', 'personas'),
  waited: (waited, quote) => (quote === null ? `${waited} min` : `${waited} de ${quote} min`),
  overdue: 'Pasado de tiempo',
  hasPushedId: 'PushedID',
  save: 'Guardar',
  pin: {
    title: 'PIN del personal',
    why: 'Los ajustes guardan el secreto de Pushed del local. Escribe el PIN del personal.',
    setTitle: 'Elige un PIN del personal',
    setWhy: (min, max) =>
      `Los ajustes guardan el secreto de Pushed del local. Elige un PIN de ${min} a ${max} cifras para el personal que puede cambiarlos. La lista y «Mesa lista» nunca lo piden.`,
    pin: 'PIN',
    newPin: (min, max) => `PIN nuevo (${min} a ${max} cifras)`,
    again: 'El mismo PIN otra vez',
    open: 'Abrir ajustes',
    setAndOpen: 'Guardar PIN y abrir ajustes',
    wrong: (left) => `PIN incorrecto. ${plural(left, 'intento', 'intentos')} antes de bloquear los ajustes.`,
    locked: (seconds) => `Demasiados PIN incorrectos. Ajustes bloqueados ${seconds} segundos más.`,
    notDigits: (min, max) => `El PIN tiene de ${min} a ${max} cifras, solo números.`,
    mismatch: 'Los dos PIN no coinciden. Escríbelos otra vez.',
  },
  join: {
    show: 'Código para unirse',
    print: 'Imprimir cartel',
    downloadPng: 'Descargar PNG',
    downloadSvg: 'Descargar SVG',
    back: 'Toca en cualquier sitio para volver a la lista.',
    setUp: 'Añade en Ajustes el enlace de suscripción de tu canal (del panel de Pushed) para mostrar el código.',
    qrLabel: (venue) => `Código QR para suscribirse a ${venue} en Pushed`,
  },
  scan: {
    title: 'Escanear PushedID',
    open: 'Escanear PushedID',
    starting: 'Encendiendo la cámara…',
    pointAtCode: 'Apunta la cámara al código PushedID del cliente (app Pushed → Cuenta → PushedID).',
    camera: 'Cámara',
    torch: 'Luz',
    again: 'Intentar otra vez',
    close: 'Cerrar cámara',
    scanned: (id) => `PushedID ${id.slice(0, 1)}…${id.slice(-1)} escaneado ✓`,
  },
  fields: {
    onlineMaxWaiting: 'Máximo de grupos en línea esperando a la vez',
    onlineMaxSize: 'Grupo más grande que puede registrarse en línea',
    onlineHoursFrom: 'Registro en línea desde',
    onlineHoursTo: 'Registro en línea hasta',
    personalDataDays: 'Días que se guardan los datos de los clientes',
    historyMonths: 'Meses que se guarda el historial anónimo',
    venueName: 'Nombre del local',
    route: 'Cómo salen los avisos de esta tableta',
    routeRelay:
      'Por el servidor del local (recomendado: el secreto de la app queda en el servidor y una respuesta perdida nunca avisa dos veces)',
    routeDirect: 'Directo a Pushed',
    directWarning:
      'Directo a Pushed, un cliente puede recibir el mismo mensaje dos veces: si la respuesta de Pushed se pierde por el camino, el navegador puede volver a enviarlo por su cuenta, y solo el servidor del local puede impedirlo. Además, el secreto de la app se guarda en esta tableta, en un mostrador público, y si se pierde una respuesta el personal debe decidir si reenviar.',
    relayPairing: 'Una tableta recibe su token al emparejarse: Ajustes → Servidor del local, más abajo.',
    advanced: 'Avanzado: un token del dispositivo escrito a mano',
    advancedWhy:
      'Solo para actualizar una tableta configurada antes de que existiera el emparejamiento, con la dirección del servidor del local y el token que recibió entonces. Una tableta nueva se empareja.',
    relayUrl: 'Dirección del servidor del local',
    relayUrlHint:
      'Donde responde el servidor del local, p. ej. https://waitbell.example.com/relay/1. /relay/1 es el servidor del que viene esta app.',
    deviceToken: 'Token del dispositivo',
    deviceTokenMissing: 'Lo da quien gestiona el servidor del local, uno por tableta. Queda oculto al guardarlo.',
    deviceTokenSaved: 'Hay un token guardado y oculto. Escribe uno nuevo solo para reemplazarlo.',
    apiBaseUrl: 'URL de la API de Pushed',
    apiBaseUrlHint: 'La API de Pushed: https://api.pushed.co/1.',
    apiBaseUrlDemoHint: 'https://api.pushed.co/1 para Pushed; /1 es el entorno de prueba integrado.',
    appKey: 'Clave de la app',
    appSecret: 'Secreto de la app',
    appSecretSaved: 'Hay un secreto guardado y oculto. Escribe uno nuevo solo para reemplazarlo.',
    appSecretMissing: 'Del panel de Pushed. Queda oculto al guardarlo.',
    channelAlias: 'Alias del canal',
    subscriptionLink: 'Enlace de suscripción del canal',
    subscriptionLinkWarning:
      '⚠ No es un enlace pushed.co/s/…. Se guardará, pero comprueba que los clientes puedan suscribirse con él.',
    template: 'Mensaje cuando la mesa está lista',
    templateHint: 'Usa {name}, {venue}, {size}, {position} y {quote}.',
    ...esMessages.fields,
    preview: 'Vista previa',
    contentLimit: 'Límite del mensaje (caracteres)',
    lateAfterMinutes: 'Un grupo avisado llega tarde tras (minutos)',
    name: 'Nombre',
    size: 'Personas',
    fewer: 'Menos personas',
    more: 'Más personas',
    quote: 'Espera indicada (minutos)',
    note: 'Nota',
    notePlaceholder: 'Trona, reservado, ventana…',
    pushedId: 'PushedID',
    pushedIdHint: 'Opcional. Escanéalo o escríbelo desde la app Pushed del cliente: Cuenta → PushedID.',
    email: 'O el correo de Pushed del cliente',
    emailHint: 'Solo si no puede mostrar un PushedID. Requiere el plan Pro de Pushed.',
    phone: 'Teléfono',
    phoneHint: 'Opcional. Para llamar al cliente cuando su mesa esté lista.',
    ...esQuotes.fieldLabels,
  },
  undoDone: (name, action) =>
    `${name}: ${{ seat: 'a la mesa', no_show: 'marcado como «no vino»', remove: 'quitado', notify: 'avisado', recall: 'de vuelta en la lista', move: 'movido', late: 'marcado como «no vino»: tarde tras el aviso', requote: esQuotes.requoted }[action]}.`,
  lateMany: (names) =>
    `${names.length} grupos marcados como «no vino», tarde tras el aviso: ${names.slice(0, -1).join(', ')} y ${names.at(-1)}.`,
  fieldMessage: (p: FieldProblem) => {
    switch (p.field) {
      case 'name':
        return p.problem === 'required'
          ? 'Escribe el nombre del cliente.'
          : `El nombre no puede pasar de ${NAME_MAX_LENGTH} caracteres.`;
      case 'size':
        return `Personas: un número entero de ${PARTY_SIZE_MIN} a ${PARTY_SIZE_MAX}.`;
      case 'quoteMinutes':
        return `Espera indicada: minutos enteros, de 0 a ${QUOTE_MAX_MINUTES}. Déjalo vacío si no se indicó.`;
      case 'note':
        return `La nota no puede pasar de ${NOTE_MAX_LENGTH} caracteres.`;
      case 'pushedId':
        return pushedIdMessage(p.problem);
      case 'email':
        return 'No parece un correo electrónico. Compruébalo con el cliente.';
      case 'phone':
        return 'No parece un número de teléfono: solo cifras, con + y el prefijo del país si es extranjero.';
    }
  },
  pushedIdMessage,
  problemMessage: (p) => {
    if (p.kind === 'sheet_unavailable')
      return 'No se pudo abrir esa pantalla: esta tableta se quedó sin conexión antes de que Waitbell terminara de instalarse. Revisa la conexión a internet y vuelve a tocar. La lista de espera no se ve afectada.';
    if (p.kind === 'refused') {
      const who = p.partyName || 'Ese grupo';
      switch (p.error.kind) {
        case 'not_found':
          return `${who} ya no está en la lista (se cambió en otra pantalla).`;
        case 'illegal_transition':
          return `${who} ya fue ${p.error.from === 'seated' ? 'sentado' : p.error.from === 'no_show' ? 'marcado como «no vino»' : p.error.from === 'removed' ? 'quitado' : 'cambiado'} en otra pantalla.`;
        case 'undo_expired':
          return 'Ya es tarde para deshacerlo. Vuelve a añadir el grupo si hace falta.';
        case 'nothing_to_undo':
          return 'No hay nada que deshacer.';
        case 'already_queued':
          return `El aviso para ${who} ya está en camino; sale en cuanto la tableta llegue a Pushed.`;
        case 'at_edge':
          return p.error.direction === 'up'
            ? `${who} ya es el primero de la fila.`
            : `${who} ya es el último de la fila.`;
        case 'not_on_board':
          return `${who} ya no está en la lista.`;
        case 'too_long':
          return `El mensaje para ${who} tendría ${p.error.length} caracteres; Pushed admite ${p.error.limit}. Edita el grupo con un nombre más corto, o acorta la plantilla en Ajustes.`;
      }
    }
    switch (p.problem) {
      case 'quota':
        return 'La tableta no tiene espacio y no se guardó. Libera espacio en la tableta y vuelve a intentarlo.';
      case 'blocked':
        return 'Waitbell se está actualizando. Cierra Waitbell en otras pestañas o ventanas de esta tableta; seguirá solo.';
      case 'outdated':
        return 'Waitbell se actualizó en otra pestaña. Recarga esta página para seguir; no se pierde nada de la lista.';
      case 'newer_data':
        return 'La lista de esta tableta la guardó un Waitbell más nuevo. Recarga la página para tener la última versión.';
      case 'unavailable':
        return 'Este navegador no deja a Waitbell guardar la lista (navegación privada o almacenamiento desactivado). Abre Waitbell en una ventana normal.';
      case 'failed':
        return 'No se guardó. No cambió nada. Vuelve a intentarlo; si sigue pasando, recarga la página.';
    }
  },
  deliveryText: (delivery, online) => {
    switch (delivery.state) {
      case 'queued':
        if (!online) return 'En cola: esperando internet';
        if (!delivery.retryAt) return 'En cola';
        if (delivery.held) return esVenue.held[delivery.held];
        if (!delivery.unanswered) return `En cola: otro intento a las ${time(delivery.retryAt)}`;
        return `En cola: ${delivery.unanswered === 'relay' ? 'el servidor del local' : 'Pushed'} no respondió, otro intento a las ${time(delivery.retryAt)}`;
      case 'sending':
        return 'Enviando…';
      case 'sent':
        return `Enviado ${time(delivery.at)}`;
      case 'failed':
        return `No enviado: ${refusalReason(delivery.errorType, delivery.message)}`;
      case 'unknown':
        return 'No se sabe si llegó: se perdió la respuesta de Pushed. Reenvía solo si el cliente no ha venido.';
      case 'not_sent':
        return delivery.why === 'no_contact'
          ? 'Sin PushedID: llama al cliente.'
          : delivery.why === 'stale'
            ? `No enviado: la tableta estuvo sin conexión más de ${STALE_AFTER_MS / 60_000} minutos. Toca Reintentar para enviarlo ahora.`
            : 'No enviado: el grupo dejó la lista antes.';
    }
  },
  settingsMessage: (p) => {
    switch (p.field) {
      case 'venueName':
        return p.problem === 'required'
          ? 'Escribe el nombre del local; los clientes lo ven en el mensaje.'
          : `El nombre no puede pasar de ${VENUE_NAME_MAX_LENGTH} caracteres.`;
      case 'apiBaseUrl':
        return p.problem === 'not_allowed'
          ? `Esta tableta solo puede enviar a Pushed (${__CONNECT_ORIGINS__.join(', ')}) o a este servidor. Otro servidor, como el servidor del local, debe indicarse al compilar Waitbell (WAITBELL_CONNECT_SRC).`
          : 'Escribe una dirección que empiece por https:// (o /1 para el entorno de prueba).';
      case 'relayUrl':
        return p.problem === 'not_allowed'
          ? `Esta tableta solo puede enviar a ${__CONNECT_ORIGINS__.join(', ')} o a este servidor. Indica el origen del servidor del local al compilar Waitbell (WAITBELL_CONNECT_SRC).`
          : 'Escribe la dirección del servidor del local, que empiece por https:// (o /relay/1 para el servidor del que viene esta app).';
      case 'deviceToken':
        return p.problem === 'required'
          ? 'El servidor del local necesita el token de esta tableta: empareja la tableta (Servidor del local, más abajo) en vez de escribirlo.'
          : `Un token tiene ${DEVICE_TOKEN_MIN_LENGTH} o más letras, cifras, - o _.`;
      case 'appKey':
      case 'appSecret':
      case 'channelAlias':
        return p.problem === 'required'
          ? 'Hace falta para enviar avisos.'
          : p.problem === 'too_long'
            ? `Es demasiado largo: Pushed no da ninguno de más de ${PUSHED_ACCOUNT_FIELD_MAX_LENGTH} letras y números. Cópialo de nuevo del panel de Pushed.`
            : 'Solo letras y números, como en el panel de Pushed.';
      case 'subscriptionLink':
        return 'El enlace debe empezar por https://, como https://pushed.co/s/abc1234.';
      case 'template':
      case 'onListTemplate':
      case 'gettingCloseTemplate':
        return p.problem.kind === 'empty'
          ? 'Escribe el mensaje que reciben los clientes.'
          : p.problem.kind === 'too_long'
            ? esOwnerRefusals.templateTooLong(p.problem.longest, p.problem.limit)
            : p.problem.kind === 'bad_characters'
              ? 'Este mensaje tiene un carácter que Waitbell no puede enviar (un tabulador u otro carácter de control): escríbelo de nuevo.'
              : esMessages.unknownPlaceholder(p.problem.placeholder);
      case 'gettingClosePosition':
        return esMessages.positionRefused;
      case 'contentLimit':
        return `Un número entero de ${CONTENT_LIMIT_MIN} a ${CONTENT_LIMIT_MAX}: Pushed rechaza mensajes más largos.`;
      case 'lateAfterMinutes':
        return esOwnerRefusals.lateAfterRefused;
      case 'defaultQuote0':
      case 'defaultQuote1':
      case 'defaultQuote2':
      case 'defaultQuote3':
        return esQuotes.defaults.refused;
      case 'onlineMaxWaiting':
        return 'Un número entero de grupos, de 1 a 200.';
      case 'onlineMaxSize':
        return `Un número entero de personas, de 1 a ${PARTY_SIZE_MAX}.`;
      case 'onlineHoursFrom':
      case 'onlineHoursTo':
        return 'Una hora como 17:30, o deja las dos vacías para aceptar registros a cualquier hora.';
      case 'personalDataDays':
        return 'Un número entero de días, de 1 a 365.';
      case 'historyMonths':
        return 'Un número entero de meses, de 1 a 36.';
    }
  },
  cameraMessage: (outcome) => {
    if (outcome.kind === 'timed_out')
      return `No se vio ningún PushedID en ${SCAN_IDLE_TIMEOUT_MS / 1000} segundos y se apagó la cámara. Toca Intentar otra vez, o escríbelo.`;
    if (outcome.kind === 'stopped')
      return 'La cámara se apagó mientras Waitbell estaba en segundo plano. Toca Intentar otra vez.';
    switch (outcome.problem) {
      case 'denied':
        return 'Waitbell no tiene permiso para usar la cámara. Permítelo en los ajustes del sitio del navegador (el icono a la izquierda de la dirección) y vuelve a tocar Escanear PushedID. También puedes escribir el PushedID.';
      case 'no_camera':
        return 'No hay cámara en este dispositivo. Escribe el PushedID o usa el correo de Pushed del cliente.';
      case 'busy':
        return 'Otra app está usando la cámara. Ciérrala y toca Intentar otra vez.';
      case 'insecure':
        return 'La cámara solo funciona si Waitbell se abre por https (o en este mismo dispositivo). Escribe el PushedID.';
      case 'failed':
        return 'La cámara no arrancó. Toca Intentar otra vez, o escribe el PushedID.';
    }
  },
  joinText: {
    steps: [
      'Escanea este código con la cámara del teléfono y suscríbete en la app Pushed.',
      'Enseña tu PushedID en recepción (Pushed → Cuenta → PushedID). Te avisaremos cuando tu mesa esté lista.',
    ],
    noLink: 'El código para unirse aún no está configurado.',
    demo: 'DEMO',
    demoLine: 'Cuenta de demostración: no se envían avisos reales.',
  },
  demo: esDemo,
  venue: esVenue,
  sync: esSync,
  connection: esConnection,
  announce: { open: 'Aviso general' },
  quotes: esQuotes,
  fullscreen: 'Pantalla completa',
  kiosk: {
    language: 'Idioma',
    useDefaultTemplate: 'Usar el mensaje estándar',
    storageTitle: 'Almacenamiento en esta tableta',
    storageKept: 'Protegido: el navegador no borrará los datos de Waitbell para liberar espacio.',
    storageNotKept:
      'Sin garantía: el navegador podría borrar los datos de Waitbell si falta espacio. Instalar Waitbell en la pantalla de inicio suele evitarlo.',
    storageUsed: (megabytes) => `${megabytes} MB usados.`,
    version: (id) => `Waitbell versión ${id}`,
    exportTitle: 'Pasar esta configuración a otra tableta',
    exportPlain: 'Exportar ajustes (sin secreto)',
    exportWithSecret: 'Exportar con el secreto, cifrado',
    passphrase: (min) => `Frase de paso (${min} caracteres o más)`,
    importFile: 'Importar ajustes desde un archivo',
    imported: 'Ajustes importados. Revísalos y toca Guardar.',
    importFailed: 'Ese archivo no es un archivo de ajustes de Waitbell.',
    wrongPassphrase: 'Frase de paso incorrecta, o el archivo se modificó.',
    needPassphrase: 'Este archivo trae un secreto cifrado: escribe antes su frase de paso arriba.',
    shortPassphrase: (min) => `Usa una frase de paso de al menos ${min} caracteres.`,
    helpTitle: 'Preparar la tableta',
    helpIpad: [
      'iPad: abre Waitbell en Safari, toca Compartir → Añadir a pantalla de inicio y ábrelo desde allí.',
      'Ajustes → Pantalla y brillo → Bloqueo automático → Nunca, para que la pantalla no se apague.',
      'Ajustes → Accesibilidad → Acceso guiado: activado. Pulsa tres veces el botón superior en Waitbell para fijar el iPad.',
    ],
    helpAndroid: [
      'Android: abre Waitbell en Chrome y acepta «Instalar app» (o menú → Instalar app).',
      'Ajustes → Seguridad → Fijar pantalla (fijar apps): activado; luego fija Waitbell desde las apps recientes.',
      'Waitbell mantiene la pantalla encendida mientras está abierto.',
    ],
  },
  rush: esBoard,
  messages: esMessages,
};
