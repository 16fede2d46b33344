import { clauses, fold, quote } from './text';

/**
 * EXPLICIT_REQUEST: the customer asks for a human (person, agent, representative, operator, support engineer,
 * the support or billing team, a callback, their CSM or account manager), in any common language. Negated
 * requests, other senses of the words, past conversations and "do I need a human?" questions do not count.
 */

// Phrases where the words mean something else; removed before matching.
const OTHER_SENSES: RegExp[] = [
  /\buser[\s-]?agents?\b/g,
  /\bagent[\s-]?strings?\b/g,
  /\bhuman[\s-]?readable\b/g,
  /\bhuman[\s-]?resources?\b/g,
  /\bhuman[\s-]?error\b/g,
  /\b(?:our|my|their)\s+(?:own\s+)?(?:sales|support|field|insurance|travel|real estate|call[\s-]?center|customer service)\s+(?:agents?|reps?|representatives?)\b/g,
  /\b(?:sales|support)\s+reps?\s+(?:leaderboard|dashboard|performance)\b/g,
  /\bagents?\s+(?:performance|leaderboard|dashboard|metrics|kpis?|tickets?)\b/g,
  /\b(?:each|every|all|our|my|their|the)\s+sales\s+reps?\b/g,
  /\b(?:ai|llm|autonomous)\s+agents?\b/g,
  /\bpersonal\s+(?:data|information|email|account|view|gmail)\b/g,
];

// Past conversations with a human: "I spoke to an agent last week", "your rep told me".
const PAST: RegExp[] = [
  /\b(?:i|we)\s+(?:already\s+)?(?:talked|spoke|spoken|chatted|emailed|called)\s+(?:to|with)\b[^.?!]*/g,
  /\b(?:i|we)\s+(?:had|have had)\s+(?:a\s+)?(?:call|chat|conversation)\s+with\b[^.?!]*/g,
  /\b(?:your|the|an?|one of your)\s+(?:agent|rep|representative|person|support engineer|colleague|csm|account manager)\s+(?:told|said|mentioned|promised|suggested|sent|gave)\b[^.?!]*/g,
  /\blast\s+time\s+(?:i|we)\s+(?:talked|spoke|chatted)\b[^.?!]*/g,
  /\bhablé con\b[^.?!]*|\bj'ai parlé (?:à|avec)\b[^.?!]*|\bich habe mit\b[^.?!]*|\bfalei com\b[^.?!]*|\bho parlato con\b[^.?!]*|\bik heb met\b[^.?!]*/g,
];

// Negated or hypothetical: "no need for an agent", "don't transfer me", "do I need your billing team?"
const NEGATIONS: RegExp[] = [
  /\bno\s+need\s+(?:for|to)\b/,
  /\b(?:don'?t|do not|doesn'?t|does not|won'?t|no)\s+(?:need|want|require)\s+(?:to\s+(?:talk|speak|chat)\s+(?:to|with)\s+)?(?:a|an|any|the|your)?\s*(?:human|person|agent|rep|representative|operator|call|callback|someone|anyone)/,
  /\b(?:don'?t|do not|please don'?t|no need to)\s+(?:transfer|escalate|connect|forward|hand|pass|call)\b/,
  /\bwithout\s+(?:talking|speaking|having to (?:talk|speak)|needing)\b/,
  /\b(?:not|never)\s+(?:asking|looking)\s+for\s+(?:a|an)\s+(?:human|person|agent)/,
  /\b(?:human|agent|person)\s+(?:is\s+)?not\s+(?:needed|necessary|required)\b/,
  /\b(?:do|would|will|should|must)\s+(?:i|we)\s+(?:really\s+)?(?:need|have)\s+to\s+(?:talk|speak|contact|call|reach|email)\b/,
  /\b(?:do|would|will|should)\s+(?:i|we)\s+(?:really\s+)?need\s+(?:a|an|your|the)\s+/,
  /\bor\s+(?:do|would|will)\s+(?:i|we)\s+need\b/,
  /\bis\s+(?:a|an)\s+(?:human|person|agent)\s+(?:needed|required|necessary)\b/,
  /\b(?:myself|ourselves)\b.*\bor\b.*\b(?:need|have to)\b/,
  /\bno\s+(?:necesito|hace falta|quiero)\b|\bpas besoin\b|\bpas la peine\b|\bne\s+(?:veux|souhaite)\s+pas\b|\b(?:brauche|brauchen)\s+(?:keinen|keine|kein)\b|\bnicht\s+(?:nötig|notwendig)\b|\bnão\s+(?:preciso|precisa|quero)\b|\bnon\s+(?:serve|ho bisogno|voglio)\b|\bniet\s+nodig\b|\bgeen\b[^.?!]*\bnodig\b/,
  /不要|必要ありません|必要ない|いりません|結構です/,
];

const HUMAN = String.raw`(?:a\s+|an\s+|the\s+|some\s+|one\s+of\s+your\s+|your\s+|real\s+|actual\s+|live\s+|an?\s+(?:real|actual|live)\s+)*(?:human(?:\s+being)?|person|people|agent|rep|representative|operator|someone|somebody|support(?:\s+(?:engineer|team|staff|person|specialist))?|(?:billing|sales|success|account|tech(?:nical)?)\s+team|billing|sales|engineer|specialist|staff|employee|manager|supervisor|csm|customer\s+success(?:\s+manager)?|account\s+(?:manager|team|executive|rep)|advisor|consultant)`;

const REQUESTS: RegExp[] = [
  new RegExp(String.raw`\b(?:talk|speak|chat|connect|get\s+in\s+touch|be\s+in\s+touch)\s+(?:to|with)\s+${HUMAN}\b`),
  new RegExp(String.raw`\b(?:transfer|connect|put|pass|forward|hand|route)\s+(?:me|us)\s+(?:over\s+)?(?:to|with|through\s+to|through)\s+${HUMAN}\b`),
  new RegExp(String.raw`\b(?:escalate)\s+(?:this|it|me|my\s+\w+)?\s*(?:to\s+${HUMAN})`),
  new RegExp(String.raw`\b(?:can|could|would|will|may)\s+(?:someone|somebody|a\s+(?:human|person|rep|representative)|an\s+(?:agent|engineer)|your\s+(?:team|support|billing team|support team|csm|account manager)|(?:my|our)\s+(?:csm|account manager|customer success manager))\s+(?:from\s+[\w\s]+?\s+)?(?:please\s+)?(?:call|phone|ring|contact|reach\s+out|get\s+back|email|look|walk|join|hop)\b`),
  new RegExp(String.raw`\b(?:get|find|give|send)\s+(?:me|us)\s+(?:a\s+|an\s+)?(?:real\s+|actual\s+|live\s+)?(?:human|person|agent|rep|representative|operator|someone)\b`),
  /\b(?:call|ring|phone)\s+(?:me|us)\s*(?:back|at|on|please|asap|today|tomorrow|\+|\d)/,
  /\bgive\s+(?:me|us)\s+a\s+(?:call|ring|phone call)\b|\b(?:can|could|would)\s+you\s+(?:please\s+)?(?:call|phone|ring)\s+(?:me|us)\b/,
  /\b(?:callback|call[\s-]back|phone\s+call|call\s+from\s+(?:your|a|someone))\b/,
  new RegExp(String.raw`\b(?:is\s+there|are\s+there|got)\s+(?:a|an|any)\s+(?:real\s+|actual\s+|live\s+)?(?:human|person|people|agent|rep|representative|operator|someone)\b(?:\s+(?:i|we)\s+can|\s+(?:there|available|around|to\s+(?:talk|speak|chat|help)))`),
  /\b(?:human|person|agent|representative|operator|rep)\s*(?:please|pls|plz|now|asap)\b/,
  /^(?:a\s+)?(?:human|agent|person|representative|operator|real person|live agent)[.!?]*$/,
  /\b(?:real|actual|live)\s+(?:human|person|agent|people)\b/,
  /\bhuman\s+being\b/,
  new RegExp(String.raw`\b(?:how|where)\s+(?:do|can|could)\s+(?:i|we)\s+(?:reach|contact|get\s+(?:hold\s+of|in\s+touch\s+with)|talk\s+to|speak\s+(?:to|with))\s+${HUMAN}\b`),
  new RegExp(String.raw`\b(?:i|we|my\s+\w+|our\s+\w+)\s+(?:want|wants|need|needs|would\s+like|'d\s+like|'d\s+rather|would\s+rather|prefer|prefers|'d\s+prefer|would\s+prefer)\s+(?:to\s+(?:deal|talk|speak|chat|work)\s+(?:with|to)\s+${HUMAN}|(?:a\s+|an\s+)?(?:real\s+|actual\s+|live\s+)?(?:human|person|agent|representative|operator|callback|call\s+back|phone\s+call)\b)`),
  /\b(?:have|get|ask)\s+(?:my|our)\s+(?:csm|account manager|customer success manager|account team)\s+(?:to\s+)?(?:reach out|contact|call|email|get in touch)/,
  /\b(?:my|our)\s+(?:csm|account manager|customer success manager)\s+(?:should|to)\s+(?:reach out|contact|call)/,
  /\bwants?\s+to\s+(?:talk|speak|chat)\s+(?:to|with)\s+(?:someone|somebody|a\s+person|a\s+human|your\s+team|support|an?\s+\w+)/,
  /\bescalate\s+(?:this|my|the|it)\b/,
];

const FOREIGN_REQUESTS: RegExp[] = [
  // es
  /\b(?:hablar|comunicarme|comunicarnos|chatear|contactar)\s+con\s+(?:una?\s+|alguien|el\s+|la\s+)?(?:persona|humano|agente|asesor|asesora|representante|operador|operadora|alguien|soporte|equipo|ejecutivo|ser humano)/,
  /\b(?:quiero|necesito|quisiera|prefiero)\s+(?:una?\s+)?(?:persona|humano|agente|asesor|representante|operador)\b/,
  /\b(?:pueden|podrian|puede|podria)\s+(?:llamarme|llamarnos|contactarme)\b|\bllamenme\b|\bllámenme\b|\bpersona real\b|\bpasar(?:me)?\s+con\b/,
  // fr
  /\bparler\s+(?:a|à|avec)\s+(?:un|une|quelqu'un|quelqu’un|le|la|votre)?\s*(?:conseiller|conseillere|conseillère|personne|humain|agent|operateur|opérateur|representant|représentant|support|service|equipe|équipe|vrai|quelqu)/,
  /\b(?:me|nous)\s+rappeler\b|\brappelez[- ]moi\b|\bmettre en relation\b|\bvraie personne\b|\bvrai humain\b|\bun conseiller\b/,
  // de
  /\bmit\s+(?:einem|einer|jemandem|ihrem|einem echten)\s*(?:echten\s+)?(?:menschen|mitarbeiter|mitarbeiterin|berater|beraterin|agenten|support|person|ansprechpartner)?\s*(?:sprechen|reden|verbinden|telefonieren)\b/,
  /\b(?:mitarbeiter|menschen|berater|ansprechpartner)\s+(?:sprechen|erreichen)\b|\bzuruckrufen\b|\bzurückrufen\b|\bruckruf\b|\brückruf\b|\bverbinden sie mich\b|\bechten menschen\b/,
  // pt
  /\bfalar\s+com\s+(?:um|uma|alguem|alguém|o|a)?\s*(?:atendente|pessoa|humano|agente|representante|consultor|suporte|alguem|alguém|operador)/,
  /\b(?:me\s+ligar|ligar\s+para\s+mim|liguem\s+para\s+mim|me\s+liguem|atendente humano|pessoa real)\b/,
  // it
  /\bparlare\s+con\s+(?:un|una|qualcuno|l'|il|la)?\s*(?:operatore|operatrice|persona|umano|agente|consulente|rappresentante|assistenza|qualcuno)/,
  /\b(?:richiamarmi|richiamatemi|mi\s+richiam\w*|persona reale|un operatore)\b/,
  // nl
  /\b(?:spreken|praten|bellen)\s+met\s+(?:een|iemand|uw|jullie)?\s*(?:medewerker|mens|persoon|agent|iemand|adviseur)?/,
  /\b(?:iemand|een medewerker|een mens|een persoon)\b[^.?!]*\b(?:spreken|praten|bellen)\b|\b(?:medewerker|mens|persoon)\s+(?:spreken|te spreken)\b|\bterugbellen\b|\bbel\s+me\s+terug\b|\bechte persoon\b|\becht mens\b/,
];

const JAPANESE_REQUEST = /(担当者|オペレーター|人間|スタッフ|サポート(?:の方|担当|チーム)?|有人|人と|誰か)[^。？?]{0,12}(話|つない|繋い|代わ|お願い|電話|連絡|対応して)|折り返し[^。]{0,6}(電話|連絡)|電話(?:を)?(?:ください|してください|ほしい|欲しい)/;

export interface ExplicitRequestResult {
  detected: boolean;
  evidence: string | null;
}

function stripAll(text: string, patterns: RegExp[]): string {
  return patterns.reduce((s, re) => s.replace(re, ' '), text);
}

export function detectExplicitRequest(turn: string): ExplicitRequestResult {
  for (const clause of clauses(turn)) {
    const lower = clause.toLowerCase().replace(/[’‘]/g, "'");
    const cleaned = stripAll(stripAll(lower, OTHER_SENSES), PAST);
    if (NEGATIONS.some((re) => re.test(cleaned))) continue;
    const folded = fold(cleaned);
    const english = REQUESTS.some((re) => re.test(cleaned));
    const foreign = FOREIGN_REQUESTS.some((re) => re.test(cleaned) || re.test(folded)) || JAPANESE_REQUEST.test(clause);
    if (english || foreign) {
      return { detected: true, evidence: `asked for a person: ${quote(clause)}` };
    }
  }
  return { detected: false, evidence: null };
}
