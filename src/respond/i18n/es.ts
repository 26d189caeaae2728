import type { Messages } from './en';

/** Every word a respondent reads, in Spanish. Same keys as en.ts. */
export const es: Messages = {
  meta: {
    lang: 'es',
    dateLocale: 'es-ES',
  },
  layout: {
    skipLink: 'Saltar al contenido principal',
    footer: 'Encuesta para {company}, realizada con Tandem.',
    footerNoCompany: 'Encuesta realizada con Tandem.',
  },
  survey: {
    titleEmployee: 'Encuesta del equipo',
    titleCustomer: 'Encuesta para clientes',
    askedByEmployee:
      '{company} hace estas preguntas a todas las personas de su equipo para saber qué funciona bien y qué mejorar.',
    askedByCustomer:
      '{company} quiere saber cómo va la relación con {account}, para que el equipo que le atiende siga haciendo lo que ayuda y corrija lo que no.',
    askedByEmployeeNoCompany:
      'Hacemos estas preguntas a todas las personas de su equipo para saber qué funciona bien y qué mejorar.',
    askedByCustomerNoCompany:
      'Queremos saber cómo va la relación con nosotros, para que el equipo que le atiende siga haciendo lo que ayuda y corrija lo que no.',
    askedByCustomerNoAccount:
      '{company} quiere saber cómo va la relación con nosotros, para que el equipo que le atiende siga haciendo lo que ayuda y corrija lo que no.',
    timeOne: 'Le llevará un minuto aproximadamente: {count} preguntas.',
    timeMany: 'Le llevará unos {minutes} minutos: {count} preguntas.',
    closes: 'Puede responder hasta el {closesAt}.',
    optional: '(opcional)',
    required: 'Las preguntas sin «(opcional)» necesitan una respuesta.',
    submit: 'Enviar mis respuestas',
    questionsHeading: 'Preguntas',
    preferNotToSay: 'Prefiero no responder',
    oneSectionAtATime: 'Responder una sección cada vez',
    allOnOnePage: 'Mostrar todas las preguntas en una página',
  },
  sections: {
    progress: 'Sección {number} de {count}',
    next: 'Sección siguiente',
    back: 'Sección anterior',
    untitled: 'Preguntas',
    engagement: 'Compromiso',
    enablement: 'Poder hacer bien su trabajo',
    manager: 'Su responsable',
    wellbeing: 'Bienestar',
    loyalty: 'Recomendarnos',
    satisfaction: 'Satisfacción',
    trust: 'Confianza',
    respect: 'Respeto',
    responsiveness: 'Capacidad de respuesta',
    effort: 'Facilidad para trabajar con nosotros',
  },
  privacyEmployee: {
    heading: 'Sus respuestas son anónimas',
    stored:
      'Guardamos sus respuestas, el equipo en el que estaba cuando le invitamos, su antigüedad en tramos amplios (menos de 1 año, 1–3 años, 3–5 años, más de 5 años) y la fecha en que responde.',
    notStored:
      'No guardamos su nombre, su correo electrónico, la hora ni ningún vínculo entre sus respuestas y la invitación que le enviamos. Solo anotamos que este enlace se ha usado, para no enviarle recordatorios y para que no pueda responder dos veces.',
    groups:
      'Los resultados solo se muestran para grupos de al menos {anonymityMin} personas, y los comentarios solo para grupos de al menos {commentMin}.',
    commentTip:
      'Si escribe un comentario, evite nombres y detalles que puedan identificarle a usted o a un compañero.',
  },
  privacyCustomer: {
    heading: 'Cómo usamos sus respuestas',
    linked:
      'Sus respuestas están vinculadas a su cuenta y a usted como contacto, para que el equipo que le atiende pueda ponerse en contacto con usted.',
    unsubscribe:
      'Responder es decisión suya. Aunque se haya dado de baja de nuestros correos de encuestas, puede responder aquí.',
  },
  scale: {
    likert1: 'Totalmente en desacuerdo',
    likert2: 'En desacuerdo',
    likert3: 'Ni de acuerdo ni en desacuerdo',
    likert4: 'De acuerdo',
    likert5: 'Totalmente de acuerdo',
    rating1: 'Muy insatisfecho',
    rating2: 'Insatisfecho',
    rating3: 'Ni satisfecho ni insatisfecho',
    rating4: 'Satisfecho',
    rating5: 'Muy satisfecho',
    npsLow: '0 – Nada probable',
    npsHigh: '10 – Muy probable',
    npsHint: '0 significa nada probable y 10, muy probable.',
    textHint: 'Hasta {maxLength} caracteres.',
  },
  errors: {
    titlePrefix: 'Error:',
    summaryTitle: 'Hay un problema con sus respuestas',
    fieldPrefix: 'Error:',
    required: 'Elija una respuesta a esta pregunta.',
    requiredText: 'Escriba una respuesta a esta pregunta.',
    notAChoice: 'Elija una de las respuestas mostradas.',
    tooLong: 'Acorte su respuesta a {maxLength} caracteres o menos.',
    notText: 'Escriba su respuesta como texto.',
    unknownField:
      'El formulario contenía campos que no forman parte de esta encuesta. Inténtelo de nuevo.',
    malformed: 'No hemos podido leer el formulario. Inténtelo de nuevo.',
    questionLabel: 'Pregunta {number}',
    draftTooLong:
      'Sus respuestas son demasiado largas para llevarlas a la sección siguiente. Acorte sus comentarios o responda todas las preguntas en una página.',
  },
  states: {
    notFoundTitle: 'Este enlace de encuesta no se puede usar',
    notFoundBody:
      'Un enlace de encuesta funciona una vez, para la persona a la que se envió, mientras la encuesta está abierta. Si ya ha respondido con él, sus respuestas están guardadas: gracias.',
    notFoundHelp:
      'Si aún no ha respondido, compruebe que ha copiado el enlace completo del correo electrónico.',
    thanksTitle: 'Gracias',
    thanksBody: 'Sus respuestas están guardadas. Puede cerrar esta página.',
    thanksEmployee:
      'Sus respuestas son anónimas: se combinan con las de sus compañeros y solo se muestran para grupos de al menos {anonymityMin} personas.',
    thanksCustomer:
      'El equipo que le atiende verá sus respuestas y puede que se ponga en contacto.',
    notOpenTitle: 'Esta encuesta aún no está abierta',
    notOpenBody: 'Se abre el {opensAt}. Vuelva entonces: su enlace funcionará.',
    notOpenSoon: 'Se abre en breve. Vuelva un poco más tarde: su enlace funcionará.',
    errorTitle: 'Algo ha salido mal',
    errorBody: 'No hemos podido atender esa solicitud. Inténtelo de nuevo en un momento.',
  },
  kiosk: {
    title: 'Encuesta del equipo',
    heading: 'Responder la encuesta del equipo',
    intro:
      'Escriba el código de su tarjeta para abrir su encuesta. Cuando envíe sus respuestas, esta página se vaciará para la siguiente persona.',
    codeLabel: 'Su código',
    codeHint:
      'Cinco grupos de cuatro letras y cifras, como en su tarjeta. Los guiones y espacios no importan.',
    start: 'Abrir mi encuesta',
    notFound:
      'Este código no abre ninguna encuesta. Revíselo e inténtelo de nuevo. Un código sirve una sola vez, y solo mientras su encuesta está abierta.',
    notOpen: 'Esta encuesta aún no está abierta: se abre el {opensAt}.',
    thanks: 'Gracias: sus respuestas están guardadas. La página está lista para la siguiente persona.',
    leave: '¿No es usted, o prefiere no responder? Salir sin responder',
  },
  languages: {
    switcherLabel: 'Idioma',
  },
  mail: {
    hello: 'Hola, {name}:',
    helloNoName: 'Hola:',
    reminderSubject: 'Recordatorio: {subject}',
    reminderHeading: 'Un recordatorio: {heading}',
    subjectEmployee: 'Encuesta de pulso de {company} — {minutes} minutos, anónima',
    subjectEmployeeNoCompany: 'Encuesta de pulso — {minutes} minutos, anónima',
    subjectCustomer: '{company} quiere conocer su opinión ({minutes} minutos)',
    subjectCustomerNoCompany: 'Queremos conocer su opinión ({minutes} minutos)',
    headingEmployee: '{minutes} minutos sobre cómo va el trabajo',
    headingCustomer: '¿Cómo lo estamos haciendo con usted?',
    introEmployee:
      '{company} pregunta a todas las personas de su equipo cómo va el trabajo. Sus respuestas muestran a la dirección qué ayuda y qué estorba, y cada equipo ve sus propios resultados para decidir qué mejorar.',
    introEmployeeNoCompany:
      'Preguntamos a todas las personas de su equipo cómo va el trabajo. Sus respuestas muestran a la dirección qué ayuda y qué estorba, y cada equipo ve sus propios resultados para decidir qué mejorar.',
    introCustomer:
      '{company} quiere saber si le estamos atendiendo bien. Sus respuestas llegan al equipo que lleva su cuenta y nos ayudan a decidir qué hacer mejor.',
    introCustomerNoCompany:
      'Queremos saber si le estamos atendiendo bien. Sus respuestas llegan al equipo que lleva su cuenta y nos ayudan a decidir qué hacer mejor.',
    time: 'Le llevará unos {minutes} minutos: {count} preguntas breves, desde cualquier dispositivo.',
    anonymousLead: 'Sus respuestas son anónimas.',
    anonymousBody:
      'No guardamos quién ha respondido: su respuesta se guarda sin su nombre, su correo ni ningún vínculo con este mensaje. Los resultados solo se muestran para grupos de al menos {anonymityMin} personas, así que nadie puede distinguir sus respuestas.',
    linkedCustomer:
      'Sus respuestas están vinculadas a su cuenta para que podamos ponernos en contacto con usted si lo desea.',
    start: 'Empezar la encuesta',
    pasteLink: 'O pegue este enlace personal en su navegador:',
    linkYours: 'El enlace es solo suyo y funciona hasta el {closesOn}. No lo reenvíe.',
    whyCustomer: 'Recibe este correo porque es contacto de {company}.',
    whyCustomerNoCompany: 'Recibe este correo porque es uno de nuestros contactos de clientes.',
    unsubscribe: 'Darse de baja de estas encuestas',
    heardSubject: '{company}: le hemos escuchado',
    heardSubjectNoCompany: 'Le hemos escuchado',
    heardHeading: 'Le hemos escuchado',
    heardThanks:
      'Gracias por dedicar su tiempo a contar a {company} cómo lo estamos haciendo. El equipo que le atiende, {unit}, ha leído su respuesta y hemos actuado.',
    heardThanksNoCompany:
      'Gracias por dedicar su tiempo a contarnos cómo lo estamos haciendo. El equipo que le atiende, {unit}, ha leído su respuesta y hemos actuado.',
    heardMore:
      'Si quiere contarnos algo más, responda sin más a la persona con la que trata en {company}.',
    heardMoreNoCompany:
      'Si quiere contarnos algo más, responda sin más a la persona con la que trata.',
    heardWhy: 'Recibe este correo porque respondió a una encuesta de {company}.',
    heardWhyNoCompany: 'Recibe este correo porque respondió a una de nuestras encuestas.',
    heardUnsubscribe: 'Darse de baja de nuestras encuestas y seguimientos',
  },
};
