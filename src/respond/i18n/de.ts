import type { Messages } from './en';

/** Every word a respondent reads, in German. Same keys as en.ts. */
export const de: Messages = {
  meta: {
    lang: 'de',
    dateLocale: 'de-DE',
  },
  layout: {
    skipLink: 'Zum Hauptinhalt springen',
    footer: 'Umfrage für {company}, durchgeführt mit Tandem.',
    footerNoCompany: 'Umfrage durchgeführt mit Tandem.',
  },
  survey: {
    titleEmployee: 'Teamumfrage',
    titleCustomer: 'Kundenumfrage',
    askedByEmployee:
      '{company} stellt allen in Ihrem Team diese Fragen, um zu erfahren, was gut läuft und was besser werden soll.',
    askedByCustomer:
      '{company} möchte wissen, wie die Zusammenarbeit für {account} läuft, damit das Team, das Sie betreut, weiter tut, was hilft, und behebt, was nicht hilft.',
    askedByEmployeeNoCompany:
      'Wir stellen allen in Ihrem Team diese Fragen, um zu erfahren, was gut läuft und was besser werden soll.',
    askedByCustomerNoCompany:
      'Wir möchten wissen, wie die Zusammenarbeit mit uns läuft, damit das Team, das Sie betreut, weiter tut, was hilft, und behebt, was nicht hilft.',
    askedByCustomerNoAccount:
      '{company} möchte wissen, wie die Zusammenarbeit mit uns läuft, damit das Team, das Sie betreut, weiter tut, was hilft, und behebt, was nicht hilft.',
    timeOne: 'Das dauert etwa eine Minute: {count} Fragen.',
    timeMany: 'Das dauert etwa {minutes} Minuten: {count} Fragen.',
    closes: 'Sie können bis {closesAt} antworten.',
    optional: '(freiwillig)',
    required: 'Fragen ohne „(freiwillig)“ brauchen eine Antwort.',
    submit: 'Antworten senden',
    questionsHeading: 'Fragen',
    preferNotToSay: 'Keine Angabe',
    oneSectionAtATime: 'Einen Abschnitt nach dem anderen beantworten',
    allOnOnePage: 'Alle Fragen auf einer Seite zeigen',
  },
  sections: {
    progress: 'Abschnitt {number} von {count}',
    next: 'Nächster Abschnitt',
    back: 'Vorheriger Abschnitt',
    untitled: 'Fragen',
    engagement: 'Engagement',
    enablement: 'Gut arbeiten können',
    manager: 'Ihre Führungskraft',
    wellbeing: 'Wohlbefinden',
    loyalty: 'Weiterempfehlung',
    satisfaction: 'Zufriedenheit',
    trust: 'Vertrauen',
    respect: 'Respekt',
    responsiveness: 'Reaktionsschnelligkeit',
    effort: 'Einfache Zusammenarbeit',
  },
  privacyEmployee: {
    heading: 'Ihre Antworten sind anonym',
    stored:
      'Wir speichern Ihre Antworten, das Team, in dem Sie bei der Einladung waren, Ihre Betriebszugehörigkeit in groben Stufen (unter 1 Jahr, 1–3 Jahre, 3–5 Jahre, über 5 Jahre) und das Datum Ihrer Antwort.',
    notStored:
      'Wir speichern weder Ihren Namen noch Ihre E-Mail-Adresse, die Uhrzeit oder eine Verbindung zwischen Ihren Antworten und unserer Einladung. Wir vermerken nur, dass dieser Link benutzt wurde, damit Sie keine Erinnerung mehr bekommen und nicht zweimal antworten können.',
    groups:
      'Ergebnisse werden nur für Gruppen von mindestens {anonymityMin} Personen gezeigt, Kommentare nur für Gruppen von mindestens {commentMin}.',
    commentTip:
      'Wenn Sie einen Kommentar schreiben, lassen Sie Namen und Details weg, an denen man Sie oder Kolleginnen und Kollegen erkennen könnte.',
  },
  privacyCustomer: {
    heading: 'Wie wir Ihre Antworten verwenden',
    linked:
      'Ihre Antworten sind mit Ihrem Kundenkonto und mit Ihnen als Ansprechperson verknüpft, damit das Team, das Sie betreut, sich bei Ihnen melden kann.',
    unsubscribe:
      'Ob Sie antworten, entscheiden Sie. Auch wenn Sie unsere Umfrage-E-Mails abbestellt haben, können Sie hier antworten.',
  },
  scale: {
    likert1: 'Stimme überhaupt nicht zu',
    likert2: 'Stimme nicht zu',
    likert3: 'Weder noch',
    likert4: 'Stimme zu',
    likert5: 'Stimme voll und ganz zu',
    rating1: 'Sehr unzufrieden',
    rating2: 'Unzufrieden',
    rating3: 'Weder zufrieden noch unzufrieden',
    rating4: 'Zufrieden',
    rating5: 'Sehr zufrieden',
    npsLow: '0 – Überhaupt nicht wahrscheinlich',
    npsHigh: '10 – Äußerst wahrscheinlich',
    npsHint: '0 bedeutet überhaupt nicht wahrscheinlich, 10 äußerst wahrscheinlich.',
    textHint: 'Bis zu {maxLength} Zeichen.',
  },
  errors: {
    titlePrefix: 'Fehler:',
    summaryTitle: 'Bei Ihren Antworten gibt es ein Problem',
    fieldPrefix: 'Fehler:',
    required: 'Wählen Sie eine Antwort auf diese Frage.',
    requiredText: 'Schreiben Sie eine Antwort auf diese Frage.',
    notAChoice: 'Wählen Sie eine der angezeigten Antworten.',
    tooLong: 'Kürzen Sie Ihre Antwort auf höchstens {maxLength} Zeichen.',
    notText: 'Geben Sie Ihre Antwort als Text ein.',
    unknownField:
      'Das Formular enthielt Felder, die nicht zu dieser Umfrage gehören. Bitte versuchen Sie es noch einmal.',
    malformed: 'Wir konnten das Formular nicht lesen. Bitte versuchen Sie es noch einmal.',
    questionLabel: 'Frage {number}',
    draftTooLong:
      'Ihre Antworten sind zu lang, um sie zum nächsten Abschnitt mitzunehmen. Kürzen Sie Ihre Kommentare oder beantworten Sie alle Fragen auf einer Seite.',
  },
  states: {
    notFoundTitle: 'Dieser Umfragelink kann nicht verwendet werden',
    notFoundBody:
      'Ein Umfragelink funktioniert einmal, für die Person, an die er geschickt wurde, solange die Umfrage offen ist. Wenn Sie damit schon geantwortet haben, sind Ihre Antworten gespeichert: Danke.',
    notFoundHelp:
      'Wenn Sie noch nicht geantwortet haben, prüfen Sie, ob Sie den ganzen Link aus der E-Mail kopiert haben.',
    thanksTitle: 'Danke',
    thanksBody: 'Ihre Antworten sind gespeichert. Sie können diese Seite schließen.',
    thanksEmployee:
      'Ihre Antworten sind anonym: Sie werden mit denen Ihrer Kolleginnen und Kollegen zusammengefasst und nur für Gruppen von mindestens {anonymityMin} Personen gezeigt.',
    thanksCustomer:
      'Das Team, das Sie betreut, sieht Ihre Antworten und meldet sich vielleicht bei Ihnen.',
    notOpenTitle: 'Diese Umfrage ist noch nicht geöffnet',
    notOpenBody: 'Sie öffnet am {opensAt}. Bitte kommen Sie dann wieder: Ihr Link funktioniert.',
    notOpenSoon:
      'Sie öffnet in Kürze. Bitte kommen Sie etwas später wieder: Ihr Link funktioniert.',
    errorTitle: 'Etwas ist schiefgegangen',
    errorBody:
      'Wir konnten diese Anfrage nicht bearbeiten. Bitte versuchen Sie es gleich noch einmal.',
  },
  kiosk: {
    title: 'Teamumfrage',
    heading: 'An der Teamumfrage teilnehmen',
    intro:
      'Geben Sie den Code von Ihrer Karte ein, um Ihre Umfrage zu öffnen. Sobald Sie Ihre Antworten senden, leert sich diese Seite für die nächste Person.',
    codeLabel: 'Ihr Code',
    codeHint:
      'Fünf Gruppen aus je vier Buchstaben und Ziffern, wie auf Ihrer Karte. Bindestriche und Leerzeichen spielen keine Rolle.',
    start: 'Meine Umfrage öffnen',
    notFound:
      'Mit diesem Code lässt sich keine Umfrage öffnen. Prüfen Sie ihn und versuchen Sie es erneut. Ein Code funktioniert einmal und nur, solange seine Umfrage offen ist.',
    notOpen: 'Diese Umfrage ist noch nicht geöffnet: Sie beginnt am {opensAt}.',
    thanks: 'Vielen Dank: Ihre Antworten sind gespeichert. Die Seite ist bereit für die nächste Person.',
    leave: 'Nicht Sie, oder doch nicht? Ohne Antworten verlassen',
  },
  languages: {
    switcherLabel: 'Sprache',
  },
  mail: {
    hello: 'Hallo {name},',
    helloNoName: 'Hallo,',
    reminderSubject: 'Erinnerung: {subject}',
    reminderHeading: 'Eine Erinnerung: {heading}',
    subjectEmployee: '{company} Pulsumfrage — {minutes} Minuten, anonym',
    subjectEmployeeNoCompany: 'Pulsumfrage — {minutes} Minuten, anonym',
    subjectCustomer: '{company} möchte Ihre Meinung hören ({minutes} Minuten)',
    subjectCustomerNoCompany: 'Wir möchten Ihre Meinung hören ({minutes} Minuten)',
    headingEmployee: '{minutes} Minuten dazu, wie die Arbeit läuft',
    headingCustomer: 'Wie machen wir uns für Sie?',
    introEmployee:
      '{company} fragt alle in Ihrem Team, wie die Arbeit läuft. Ihre Antworten zeigen der Leitung, was hilft und was im Weg steht, und jedes Team sieht seine eigenen Ergebnisse, um zu entscheiden, was es als Nächstes verbessert.',
    introEmployeeNoCompany:
      'Wir fragen alle in Ihrem Team, wie die Arbeit läuft. Ihre Antworten zeigen der Leitung, was hilft und was im Weg steht, und jedes Team sieht seine eigenen Ergebnisse, um zu entscheiden, was es als Nächstes verbessert.',
    introCustomer:
      '{company} möchte wissen, wie gut wir Sie betreuen. Ihre Antworten gehen an das Team, das Ihr Konto betreut, und helfen uns zu entscheiden, was wir besser machen.',
    introCustomerNoCompany:
      'Wir möchten wissen, wie gut wir Sie betreuen. Ihre Antworten gehen an das Team, das Ihr Konto betreut, und helfen uns zu entscheiden, was wir besser machen.',
    time: 'Das dauert etwa {minutes} Minuten: {count} kurze Fragen, auf jedem Gerät.',
    anonymousLead: 'Ihre Antworten sind anonym.',
    anonymousBody:
      'Wir speichern nicht, wer geantwortet hat: Ihre Antwort wird ohne Ihren Namen, Ihre E-Mail-Adresse und ohne Verbindung zu dieser Nachricht gespeichert. Ergebnisse werden nur für Gruppen von mindestens {anonymityMin} Personen gezeigt, sodass niemand Ihre Antworten herauslesen kann.',
    linkedCustomer:
      'Ihre Antworten sind mit Ihrem Kundenkonto verknüpft, damit wir uns bei Ihnen melden können, wenn Sie das möchten.',
    start: 'Umfrage starten',
    pasteLink: 'Oder fügen Sie diesen persönlichen Link in Ihren Browser ein:',
    linkYours:
      'Der Link gehört nur Ihnen und funktioniert bis {closesOn}. Bitte leiten Sie ihn nicht weiter.',
    whyCustomer: 'Sie erhalten diese E-Mail, weil Sie Ansprechperson von {company} sind.',
    whyCustomerNoCompany:
      'Sie erhalten diese E-Mail, weil Sie eine unserer Ansprechpersonen bei Kunden sind.',
    unsubscribe: 'Diese Umfragen abbestellen',
    heardSubject: '{company}: Wir haben Sie gehört',
    heardSubjectNoCompany: 'Wir haben Sie gehört',
    heardHeading: 'Wir haben Sie gehört',
    heardThanks:
      'Danke, dass Sie sich die Zeit genommen haben, {company} zu sagen, wie wir arbeiten. Das Team, das Sie betreut, {unit}, hat Ihre Antwort gelesen, und wir haben gehandelt.',
    heardThanksNoCompany:
      'Danke, dass Sie sich die Zeit genommen haben, uns zu sagen, wie wir arbeiten. Das Team, das Sie betreut, {unit}, hat Ihre Antwort gelesen, und wir haben gehandelt.',
    heardMore:
      'Wenn Sie uns noch etwas mitteilen möchten, antworten Sie einfach Ihrer Ansprechperson bei {company}.',
    heardMoreNoCompany:
      'Wenn Sie uns noch etwas mitteilen möchten, antworten Sie einfach Ihrer Ansprechperson.',
    heardWhy:
      'Sie erhalten diese E-Mail, weil Sie an einer Umfrage von {company} teilgenommen haben.',
    heardWhyNoCompany:
      'Sie erhalten diese E-Mail, weil Sie an einer unserer Umfragen teilgenommen haben.',
    heardUnsubscribe: 'Unsere Umfragen und Rückmeldungen abbestellen',
  },
};
