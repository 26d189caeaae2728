/**
 * Every word a respondent reads, in English. A translation is a copy of this object with the
 * same keys (checked by the `Messages` type), registered in ./index.ts. `{name}` placeholders
 * are filled in per page.
 */
export const en = {
  meta: {
    lang: 'en',
    /** Locale used to write dates and numbers. */
    dateLocale: 'en-GB',
  },
  layout: {
    skipLink: 'Skip to main content',
    footer: 'Survey for {company}, run with Tandem.',
    footerNoCompany: 'Survey run with Tandem.',
  },
  survey: {
    titleEmployee: 'Team survey',
    titleCustomer: 'Customer survey',
    askedByEmployee:
      '{company} asks everyone in your team these questions to learn what works well and what to improve.',
    askedByCustomer:
      '{company} would like to know how working with us is going for {account}, so that the team that serves you can keep doing what helps and fix what does not.',
    askedByEmployeeNoCompany:
      'We ask everyone in your team these questions to learn what works well and what to improve.',
    askedByCustomerNoCompany:
      'We would like to know how working with us is going, so that the team that serves you can keep doing what helps and fix what does not.',
    askedByCustomerNoAccount:
      '{company} would like to know how working with us is going, so that the team that serves you can keep doing what helps and fix what does not.',
    timeOne: 'It takes about a minute: {count} questions.',
    timeMany: 'It takes about {minutes} minutes: {count} questions.',
    closes: 'You can answer until {closesAt}.',
    optional: '(optional)',
    required: 'Questions without “(optional)” need an answer.',
    submit: 'Send my answers',
    questionsHeading: 'Questions',
    /** The extra choice on questions that offer it; counted as no answer. */
    preferNotToSay: 'Prefer not to say',
    /** Link from the one-page survey to the one-section-at-a-time form. */
    oneSectionAtATime: 'Answer one section at a time',
    /** Link from the one-section-at-a-time form back to the one-page survey. */
    allOnOnePage: 'Show all questions on one page',
  },
  /** The survey one section at a time (on phones). */
  sections: {
    progress: 'Section {number} of {count}',
    next: 'Next section',
    back: 'Previous section',
    /** A section of questions that measure no named dimension. */
    untitled: 'Questions',
    /** Section titles for the built-in dimensions; a company's own dimensions show their name. */
    engagement: 'Engagement',
    enablement: 'Getting your work done',
    manager: 'Your manager',
    wellbeing: 'Wellbeing',
    loyalty: 'Recommending us',
    satisfaction: 'Satisfaction',
    trust: 'Trust',
    respect: 'Respect',
    responsiveness: 'Responsiveness',
    effort: 'Ease of working with us',
  },
  privacyEmployee: {
    heading: 'Your answers are anonymous',
    stored:
      'We keep your answers, the team you were in when we invited you, how long you have worked here in broad bands (under 1 year, 1–3 years, 3–5 years, over 5 years) and the date you answer.',
    notStored:
      'We do not keep your name, your email address, the time of day, or any link between your answers and the invitation we sent you. We only note that this link has been used, so you are not reminded again and cannot answer twice.',
    groups:
      'Results are shown only for groups of at least {anonymityMin} people, and comments only for groups of at least {commentMin}.',
    commentTip:
      'If you write a comment, leave out names and details that could identify you or a colleague.',
  },
  privacyCustomer: {
    heading: 'How we use your answers',
    linked:
      'Your answers are linked to your account and to you as its contact, so the team that serves you can follow up with you.',
    unsubscribe:
      'Answering is your choice. If you unsubscribed from our survey emails, you can still answer here.',
  },
  scale: {
    likert1: 'Strongly disagree',
    likert2: 'Disagree',
    likert3: 'Neither agree nor disagree',
    likert4: 'Agree',
    likert5: 'Strongly agree',
    rating1: 'Very dissatisfied',
    rating2: 'Dissatisfied',
    rating3: 'Neither satisfied nor dissatisfied',
    rating4: 'Satisfied',
    rating5: 'Very satisfied',
    npsLow: '0 – Not at all likely',
    npsHigh: '10 – Extremely likely',
    npsHint: '0 means not at all likely and 10 means extremely likely.',
    textHint: 'Up to {maxLength} characters.',
  },
  errors: {
    titlePrefix: 'Error:',
    summaryTitle: 'There is a problem with your answers',
    fieldPrefix: 'Error:',
    required: 'Choose an answer to this question.',
    requiredText: 'Write an answer to this question.',
    notAChoice: 'Choose one of the answers shown.',
    tooLong: 'Shorten your answer to {maxLength} characters or fewer.',
    notText: 'Enter your answer as text.',
    unknownField: 'The form contained fields that are not part of this survey. Please try again.',
    malformed: 'We could not read the form. Please try again.',
    questionLabel: 'Question {number}',
    draftTooLong:
      'Your answers are too long to carry to the next section. Shorten your comments, or answer all questions on one page.',
  },
  states: {
    notFoundTitle: 'This survey link cannot be used',
    notFoundBody:
      'A survey link works once, for the person it was sent to, while the survey is open. If you have already answered with it, your answers are saved: thank you.',
    notFoundHelp:
      'If you have not answered yet, check that you copied the whole link from the email.',
    thanksTitle: 'Thank you',
    thanksBody: 'Your answers are saved. You can close this page.',
    thanksEmployee:
      'Your answers are anonymous: they are combined with your colleagues’ and shown only for groups of at least {anonymityMin} people.',
    thanksCustomer: 'The team that serves you will see your answers and may get in touch.',
    notOpenTitle: 'This survey is not open yet',
    notOpenBody: 'It opens on {opensAt}. Please come back then: your link will work.',
    notOpenSoon: 'It opens shortly. Please come back a little later: your link will work.',
    errorTitle: 'Something went wrong',
    errorBody: 'We could not handle that request. Please try again in a moment.',
  },
  /** The shared survey device (kiosk): people answer one after another with printed codes. */
  kiosk: {
    title: 'Team survey',
    heading: 'Answer the team survey',
    intro:
      'Type the code from your card to open your survey. When you send your answers, this page clears itself for the next person.',
    codeLabel: 'Your code',
    codeHint: 'Five groups of four letters and digits, as on your card. Dashes and spaces do not matter.',
    start: 'Open my survey',
    notFound:
      'This code does not open a survey. Check it and try again. A code works once, and only while its survey is open.',
    notOpen: 'This survey is not open yet: it opens on {opensAt}.',
    thanks: 'Thank you: your answers are saved. The page is ready for the next person.',
    leave: 'Not you, or changed your mind? Leave without answering',
  },
  languages: {
    switcherLabel: 'Language',
  },
  /** Invitations, reminders and the "we heard you" email. */
  mail: {
    hello: 'Hello {name},',
    helloNoName: 'Hello,',
    reminderSubject: 'Reminder: {subject}',
    reminderHeading: 'A reminder: {heading}',
    subjectEmployee: '{company} pulse survey — {minutes} minutes, anonymous',
    subjectEmployeeNoCompany: 'Pulse survey — {minutes} minutes, anonymous',
    subjectCustomer: '{company} would value your view ({minutes} minutes)',
    subjectCustomerNoCompany: 'We would value your view ({minutes} minutes)',
    headingEmployee: '{minutes} minutes on how work is going',
    headingCustomer: 'How are we doing for you?',
    introEmployee:
      '{company} is asking everyone in your team how work is going. Your answers show leaders what helps and what gets in the way, and each team sees its own results to choose what to improve next.',
    introEmployeeNoCompany:
      'We are asking everyone in your team how work is going. Your answers show leaders what helps and what gets in the way, and each team sees its own results to choose what to improve next.',
    introCustomer:
      '{company} would like to know how well we are serving you. Your answers go to the team that looks after your account, and they help us decide what to do better.',
    introCustomerNoCompany:
      'We would like to know how well we are serving you. Your answers go to the team that looks after your account, and they help us decide what to do better.',
    time: 'It takes about {minutes} minutes: {count} short questions on any device.',
    anonymousLead: 'Your answers are anonymous.',
    anonymousBody:
      'We do not store who answered: your response is kept without your name, email or any link to this message. Results are only shown for groups of at least {anonymityMin} people, so no one can pick out your answers.',
    linkedCustomer:
      'Your answers are linked to your account so that we can follow up with you if you would like us to.',
    start: 'Start the survey',
    pasteLink: 'Or paste this personal link into your browser:',
    linkYours: 'The link is yours alone and works until {closesOn}. Please do not forward it.',
    whyCustomer: 'You receive this because you are a contact of {company}.',
    whyCustomerNoCompany: 'You receive this because you are one of our customer contacts.',
    unsubscribe: 'Unsubscribe from these surveys',
    heardSubject: '{company}: we heard you',
    heardSubjectNoCompany: 'We heard you',
    heardHeading: 'We heard you',
    heardThanks:
      'Thank you for taking the time to tell {company} how we are doing. The team that looks after you, {unit}, read your answer, and we have acted on it.',
    heardThanksNoCompany:
      'Thank you for taking the time to tell us how we are doing. The team that looks after you, {unit}, read your answer, and we have acted on it.',
    heardMore:
      'If there is anything more you would like us to know, simply reply to the person you deal with at {company}.',
    heardMoreNoCompany:
      'If there is anything more you would like us to know, simply reply to the person you deal with.',
    heardWhy: 'You receive this because you answered a {company} survey.',
    heardWhyNoCompany: 'You receive this because you answered one of our surveys.',
    heardUnsubscribe: 'Unsubscribe from our surveys and follow-ups',
  },
};

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

/** The shape every translation must have. */
export type Messages = Strings<typeof en>;
