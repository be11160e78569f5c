import type { RegisterMessages } from './zh.ts';

const en: RegisterMessages = {
  title: 'Self-registration · TraceGrid',
  heading: 'Epidemic-response self-registration',
  lead: 'Scan the QR poster at a checkpoint, compound gate or your place of stay to register.',
  noForm: 'This page collects nothing. Scanning the QR poster on site opens the registration form of that place, showing its name.',
  whyTitle: 'Why we ask you to register',
  why1: 'If a confirmed case was at a place you visited, the response team can reach you quickly and tell you what to do.',
  why2: 'Only what that kind of place needs is collected, and the form says why each field is asked.',
  why3: 'Personal data is stored encrypted and masked on screens and in exports; staff who need to see it in full must state a purpose, which is recorded in a tamper-evident audit log.',
  why4: 'Registrations are kept for 28 days by default, then deleted automatically.',
  footer: 'TraceGrid epidemic-response platform',
};

export default en;
