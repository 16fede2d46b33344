import { detectExplicitRequest } from './explicit-request';
import { GENERIC_LEXICON, withLexicon } from './lexicon';

/** Rules from bringing up the second product, under the generic lexicon (see detector-rules.test.ts). */
const generic = <T>(fn: () => T) => withLexicon(GENERIC_LEXICON, fn);

describe('request-for-a-person rules written for no product in particular', () => {
  it('hears "¿Me puede llamar alguien?" as a request for a person, not "¿cómo se llama el informe?"', () => {
    expect(generic(() => detectExplicitRequest('¿Me puede llamar alguien del equipo de facturación?').detected)).toBe(
      true,
    );
    expect(generic(() => detectExplicitRequest('¿Cómo se llama el informe de impuestos?').detected)).toBe(false);
  });

  it.each([
    'Can I get someone on the phone about our tax notice?',
    '¿Hay alguien del equipo que me pueda ayudar por teléfono?',
    'Quiero que me llame un especialista',
    'Je souhaite être contacté par un membre de votre équipe',
    "J'aimerais échanger avec un interlocuteur humain",
    'Kann mich bitte jemand anrufen?',
    'Ich brauche einen Ansprechpartner bei Ihnen',
    'Gostaria de ser atendido por um humano',
    'Our engineering lead would like a call with one of your integration engineers.',
    "Je peux avoir quelqu'un au téléphone ?",
    'Can I speak with your payroll tax specialist?',
    '¿Me pueden comunicar con un especialista en impuestos?',
    'Ich hätte gern einen persönlichen Ansprechpartner.',
    'Who can I call about a failed direct deposit?',
    'Is there a phone number for support?',
    'Please get a payroll expert to look at our tax setup.',
    'Put me in touch with whoever handles tax filings on your side.',
    'Necesito que alguien de ustedes revise la nómina conmigo.',
    'Können Sie mich mit der Steuerabteilung verbinden?',
    'Tem algum telefone do suporte?',
    'I need my account manager to call me',
    'Is there a phone number I can call?',
    "I'd rather have one of your payroll experts check this.",
    "J'aimerais qu'un agent me contacte.",
    'Un expert peut-il regarder notre dossier ?',
    '¿Puede revisarlo un especialista?',
    'Kann sich ein Experte das ansehen?',
    'Kann ich jemanden anrufen?',
    'Um especialista pode verificar isso?',
    '¿Podemos agendar una llamada con su equipo?',
    'Pouvons-nous planifier un appel avec votre équipe ?',
    'Können wir einen Termin für ein Telefonat vereinbaren?',
    'Podemos marcar uma chamada com vocês?',
    'I want to escalate this.',
    'Can I talk to your manager?',
    "I'd like to be contacted by your billing team.",
    'Need someone from payroll ops to call me ASAP.',
    'Please connect me with support.',
    'Can you have someone reach out to our CFO?',
    'Our CFO would like to speak with someone at Paystream.',
    'Quisiera que un asesor me contacte.',
    '¿Me podría contactar alguien de soporte?',
    'Je voudrais être rappelé par un conseiller.',
    'Ich möchte bitte einen Rückruf.',
    'Quero que alguém do suporte entre em contato comigo.',
    'Vocês podem me ligar?',
    'Is anyone there?',
    'Hello? Is this a bot? I need a real person.',
    'Transfer me.',
    'Talk to a human.',
    'Could I get a callback from someone who knows payroll taxes?',
    "I'd appreciate it if a person could look into this.",
    'Please pass this on to your support team.',
    'Can this go to a human, please?',
    'Let me talk to somebody.',
    'Our CFO insists on speaking with someone at your company.',
    'I want a real person to handle this, not a bot.',
    'Stop the bot, I want support.',
    '¿Puedo hablar con alguien de su equipo?',
    'Pásame con un humano, por favor.',
    'Necesito que una persona revise esto.',
    'Mi jefe quiere hablar con alguien de ustedes.',
    'Je veux parler à une vraie personne.',
    'Pouvez-vous transmettre ma demande à un conseiller ?',
    "Mon responsable souhaite échanger avec quelqu'un de chez vous.",
    'Ich will mit einer echten Person reden.',
    'Können Sie das an Ihren Support weiterleiten?',
    'Mein Chef möchte mit jemandem von Ihnen sprechen.',
    'Quero falar com uma pessoa de verdade.',
    'Podem passar isso para um atendente?',
    'Meu gerente quer conversar com alguém de vocês.',
    'Tem alguém aí?',
    'Hay alguien ahí?',
  ])('hears a request for a person: %s', (turn) => {
    expect(generic(() => detectExplicitRequest(turn).detected)).toBe(true);
  });

  it.each([
    'Who is the contact person on the tax form?',
    '¿Hay alguien en mi equipo que pueda aprobar la nómina?',
    "Comment changer l'interlocuteur de facturation ?",
    'Wie kann ich einen Mitarbeiter anrufen lassen, wenn die Zahlung fehlschlägt?',
    'Je veux être contacté par email quand la paie est validée',
    'We need our employees to check their payslips before Friday',
    'Let our staff review their hours before the run',
    "Je peux avoir quelqu'un de votre équipe comme administrateur ?",
    'How do our people talk to your API?',
    'Who can I call in our company to approve the run?',
    'What phone number for the employee should I enter?',
    '¿Qué número de teléfono del empleado debo poner?',
    'Is there a phone number field for employees?',
    'Where do I update the phone number of an employee?',
    'Kann ein Mitarbeiter seine Lohnabrechnung selbst herunterladen?',
    '¿Puede un empleado ver sus recibos de nómina?',
    'Un salarié peut-il voir ses bulletins de paie ?',
    'Um funcionário pode ver os holerites dele?',
    '¿Podemos agendar la nómina para el viernes?',
    'Peut-on planifier la paie pour vendredi ?',
    'Can I have an accountant role that only sees reports?',
    'How do I contact an employee about their missing tax ID?',
    'I want to be contacted by email when payroll is approved.',
    'Employees get contacted by us when their payslip is ready.',
    'Is anyone there able to tell me the cut-off time?',
    'How do I transfer an employee to another pay schedule?',
    "I don't need a person, just tell me the deadline.",
    'No hace falta hablar con nadie, solo dime la fecha.',
    "Pas besoin d'un conseiller, juste la date limite.",
    'Ich brauche keinen Menschen, nur die Frist.',
    'Não preciso falar com ninguém, só quero o prazo.',
    'Our support team needs access to payroll reports.',
    'Can employees talk to their manager through the portal?',
    'We prefer speaking with our consultant first before changing the schedule.',
    'If our accountant could review the journal entries, which role does she need?',
    'If a person is added as admin, do they get an email?',
    'Can this go to a human resources contact in the company settings?',
    'I want support for Canadian provinces.',
    'The speed of the new import is unbelievable!',
    'Can I run it again?',
  ])('hears no request for a person: %s', (turn) => {
    expect(generic(() => detectExplicitRequest(turn).detected)).toBe(false);
  });

  it('hears "¿Me puede atender una persona?" as a request for a person, not "¿cuántas consultas puede atender el bot?"', () => {
    expect(generic(() => detectExplicitRequest('¿Me puede atender una persona?').detected)).toBe(true);
    expect(generic(() => detectExplicitRequest('¿Cuántas consultas puede atender el sistema?').detected)).toBe(false);
  });
});
