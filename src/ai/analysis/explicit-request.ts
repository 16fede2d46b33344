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
  /不要|不用|不需要|必要ありません|必要ない|いりません|結構です|필요\s*없|원하지\s*않/,
  /\bnie\s+(?:potrzebuj\w*|chc\w*)\b|\bbehover\s+inte\b|\bbehöver\s+inte\b|\bvill\s+inte\b|\bnepotrebuj\w*|\bnechci\b|\bgerek\s+yok\b|\bistemiyorum\b/,
];

// The people a customer can ask for, with the determiners and modifiers around them.
const DET = String.raw`(?:(?:a|an|the|some|one\s+of\s+your|any|your|our|my)\s+)?(?:(?:real|actual|live|human|proper|dedicated|named|senior|technical|tech|support|billing|solutions?|customer\s+success)\s+)*`;
const PERSON_NOUN = String.raw`(?:human(?:\s+being)?s?|(?:member|members)\s+of\s+(?:(?:your|the)\s+)?(?:staff|team|support(?:\s+team)?)|(?:staff|team)\s+members?|person|people|agents?|reps?|representatives?|operators?|consultants?|specialists?|engineers?|technicians?|experts?|advisors?|advisers?|staff(?:\s+member)?|employees?|supervisors?|managers?|csms?|account\s+(?:managers?|team|executives?|reps?)|customer\s+success(?:\s+(?:managers?|team))?|success\s+(?:managers?|team)|(?:support|billing|sales|success|tech(?:nical)?|security|onboarding|solutions?|implementation|finance|account)\s+(?:team|engineers?|staff|people|folks|specialists?|reps?|agents?|representatives?|person|consultants?|experts?|desk|managers?)|support|billing|sales|(?:your|the)\s+team|colleagues?\s+of\s+yours)`;
const SOMEONE = String.raw`(?:someone|somebody|anyone|anybody|one\s+of\s+you)(?:\s+(?:real|human|from|on|at|in|of)\s+(?:your|the)?\s*(?:side|end|team|company|support|staff|billing|sales|lumen)(?:\s+team)?)?`;
const HUMAN = String.raw`(?:${DET}${PERSON_NOUN}(?:\s+(?:from|on|at|in|of)\s+(?:your|the)\s+(?:side|end|team|company|support|staff|billing|sales)(?:\s+team)?)?|${SOMEONE})`;
// What the customer wants that person to do.
const CONTACT = String.raw`(?:go\s+(?:through|over)|walk\s+(?:me|us)\s+through|call|phone|ring|contact|reach\s+out|get\s+(?:back|in\s+touch)|email|e-mail|follow\s+up|look|take\s+a\s+look|check|review|investigate|walk|join|hop|jump|get\s+on|screen[\s-]?share|help|assist|handle|sort|talk|speak|chat|meet|set\s+up\s+a\s+call|schedule\s+a\s+call)`;
const WANT = String.raw`(?:want|wants|wanted|need|needs|would\s+like|'d\s+like|would\s+love|'d\s+love|wish|would\s+rather|'d\s+rather|prefer|prefers|would\s+prefer|'d\s+prefer|am\s+asking\s+for|are\s+asking\s+for|request|requesting|insist\s+on|demand)`;

const REQUESTS: RegExp[] = [
  new RegExp(
    String.raw`\b(?:talk|speak|chat|connect|get\s+in\s+touch|be\s+in\s+touch|meet|get\s+on\s+(?:a|the)\s+(?:call|phone)|hop\s+on\s+a\s+call|jump\s+on\s+a\s+call|deal|work)\s+(?:directly\s+)?(?:to|with)\s+${HUMAN}\b`,
  ),
  new RegExp(
    String.raw`\b(?:transfer|connect|put|pass|forward|hand|route|refer|send|escalate|bump)\s+(?:me|us|this|it|my\s+\w+|our\s+\w+)\s+(?:over\s+|up\s+|on\s+)?(?:to|with|through\s+to|through)\s+${HUMAN}\b`,
  ),
  new RegExp(String.raw`\b(?:escalate)\s+(?:this|it|me|my\s+\w+)?\s*(?:to\s+${HUMAN})`),
  new RegExp(
    String.raw`\b(?:can|could|would|will|may|might)\s+${HUMAN}\s+(?:please\s+|maybe\s+|just\s+|quickly\s+|personally\s+)?${CONTACT}\b`,
  ),
  new RegExp(String.raw`\b(?:have|get|ask|let|arrange\s+for)\s+${HUMAN}\s+(?:to\s+)?(?:please\s+)?${CONTACT}\b`),
  new RegExp(String.raw`\b${WANT}\s+${HUMAN}\s+(?:to\s+|who\s+can\s+|that\s+can\s+)(?:please\s+)?${CONTACT}\b`),
  new RegExp(String.raw`\b(?:get|find|give|send|assign)\s+(?:me|us)\s+${HUMAN}\b`),
  /\b(?:call|ring|phone)\s+(?:me|us)\s*(?:back|at|on|please|asap|today|tomorrow|now|\+|\d)/,
  /\bgive\s+(?:me|us)\s+a\s+(?:call|ring|phone call)\b|\b(?:can|could|would)\s+you\s+(?:please\s+)?(?:call|phone|ring)\s+(?:me|us)\b/,
  /\b(?:callback|call[\s-]back|phone\s+call|call\s+from\s+(?:your|a|someone)|(?:schedule|book|set\s+up|arrange|have|get)\s+a\s+(?:quick\s+|short\s+|brief\s+)?(?:(?:video|phone|zoom|teams)\s+)?(?:call|meeting|zoom|screen[\s-]?share))\b/,
  new RegExp(
    String.raw`\b(?:(?:video\s+|phone\s+|zoom\s+)?call|by\s+phone|on\s+the\s+phone|screen[\s-]?share|zoom|meeting|session)\s+with\s+${HUMAN}\b`,
  ),
  new RegExp(
    String.raw`\b${SOMEONE}\s+(?:could|can|would|might|will)\s+(?:please\s+)?(?:speak|talk|chat|call|contact|reach\s+out|get\s+in\s+touch|meet|hop|jump|join|walk)\b`,
  ),
  new RegExp(
    String.raw`\b(?:is\s+there|are\s+there|got|do\s+you\s+have)\s+${HUMAN}\b(?:\s+(?:i|we)\s+can|\s+(?:there|here|available|around|on\s+(?:this|the)\s+(?:chat|line|other\s+end)|to\s+(?:talk|speak|chat|help)|who\s+can))`,
  ),
  new RegExp(
    String.raw`\b(?:is\s+there|are\s+there|is\s+this|am\s+i\s+(?:talking|chatting|speaking)\s+(?:to|with))\s+(?:a|an|any)\s+(?:real\s+|actual\s+|live\s+)?(?:human|person|people|agent)\b(?!\s+(?:for|in|of|that|field|column|role)\b)`,
  ),
  /\bwho\s+(?:can|could|should)\s+(?:i|we)\s+(?:talk|speak|chat)\s+(?:to|with)\b(?![^.?!]*\b(?:in|on|at)\s+(?:our|my)\b)/,
  /\b(?:call|callback|call\s+back|meeting)\s+from\s+(?:your|a|an|someone|somebody|my|our)\b/,
  /\b(?:human|person|agent|representative|operator|rep|someone)\s*(?:please|pls|plz|now|asap)\b/,
  /^(?:a\s+)?(?:human|agent|person|representative|operator|real person|live agent)[.!?]*$/,
  /\b(?:real|actual|live)\s+(?:human|person|agent|people)\b/,
  /\bhuman\s+being\b/,
  /\b(?:a|an)\s+human\s+(?:on|at)\s+(?:the\s+)?(?:phone|line|call)\b/,
  new RegExp(
    String.raw`\b(?:how|where)\s+(?:do|can|could|would|should)\s+(?:i|we)\s+(?:reach|contact|call|email|get\s+(?:hold\s+of|in\s+touch\s+with|through\s+to)|talk\s+to|speak\s+(?:to|with)|chat\s+with)\s+${HUMAN}\b`,
  ),
  new RegExp(
    String.raw`\b(?:phone\s+number|number|email|e-mail|contact)\s+(?:to|for|i\s+can\s+use\s+to)\s+(?:reach|contact|call|talk\s+to|speak\s+(?:to|with))\s+${HUMAN}\b`,
  ),
  new RegExp(
    String.raw`\b(?:i|we|my\s+\w+(?:\s+of\s+\w+)?|our\s+\w+(?:\s+of\s+\w+)?|he|she|they)\s+${WANT}\s+(?:to\s+(?:deal|talk|speak|chat|work|meet)\s+(?:directly\s+)?(?:with|to)\s+${HUMAN}|${DET}(?:human|person|agent|representative|operator|callback|call\s+back|phone\s+call|(?:support\s+)?engineer|specialist|consultant)\b)`,
  ),
  /\b(?:have|get|ask)\s+(?:my|our)\s+(?:csm|account manager|customer success manager|account team)\s+(?:to\s+)?(?:reach out|contact|call|email|get in touch)/,
  /\b(?:my|our)\s+(?:csm|account manager|customer success manager)\s+(?:should|to)\s+(?:reach out|contact|call)/,
  /\bwants?\s+to\s+(?:talk|speak|chat)\s+(?:to|with)\s+(?:someone|somebody|a\s+person|a\s+human|your\s+team|support|an?\s+\w+)/,
  /\bescalate\s+(?:this|my|the|it)\b/,
  // "go through our settings with me on a call": a call is something only a person can do.
  /\bwith\s+(?:me|us)\s+(?:on|over)\s+(?:a\s+)?(?:quick\s+|short\s+)?(?:call|phone|zoom|video\s+call|teams\s+call|screen[\s-]?share)\b/,
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
  // pl
  /\b(?:rozmawia[cć]|porozmawia[cć]|pogada[cć]|połącz\w*|polacz\w*|skontaktowa[cć]\s+si[eę])\s+(?:z|ze)\s+(?:\w+\s+)?(?:konsultant\w*|cz[lł]owiek\w*|osob\w*|agent\w*|kim[sś]|pracownik\w*|doradc\w*|support\w*|zesp[oó][lł]\w*|przedstawiciel\w*)|\bzadzwo[nń]\w*\s+do\s+mnie\b|\boddzwo[nń]\w*\b|\bprawdziw\w+\s+(?:osob\w*|cz[lł]owiek\w*)/,
  // sv
  /\b(?:prata|tala|chatta|snacka)\s+med\s+(?:en\s+|nagon|någon|er\s+)?(?:manniska|människa|person|handlaggare|handläggare|agent|support\w*|nagon|någon|medarbetare|radgivare|rådgivare|riktig)|\bring\s+(?:mig|upp\s+mig)\b|\bkoppla\s+mig\b|\bringa\s+upp\s+mig\b|\bverklig\s+person\b/,
  // cs
  /\b(?:mluvit|hovorit|hovořit|promluvit|spojit|spojte\s+me|spojte\s+mě)\s+(?:s|se)\s+(?:\w+\s+)?(?:clovek\w*|člověk\w*|operator\w*|operátor\w*|nekym|někým|konzultant\w*|pracovnik\w*|pracovník\w*|podpor\w*|zastupc\w*|zástupc\w*|agent\w*|osob\w*)|\bzavolejte\s+mi\b|\bskutecn\w+\s+clovek\w*|\bživ\w+\s+člověk\w*/,
  // tr
  /\b(?:insan|temsilci|yetkili|operator|operatör|musteri temsilcisi|müşteri temsilcisi|canli destek|canlı destek|biri|birisi|destek ekibi)\w*\s+(?:ile\s+)?(?:gorusmek|görüşmek|konusmak|konuşmak|baglan\w*|bağlan\w*)|\b(?:beni|bizi)\s+(?:arayin|arayın|arar\s*misiniz|arayabilir\s*misiniz)|\bgerçek\s+bir\s+(?:insan|kişi)|\bgercek\s+bir\s+(?:insan|kisi)/,
  /\bcomunicar(?:me|nos)?\s+con\s+(?:una?\s+)?(?:persona|humano|agente|asesor\w*|representante|operador\w*|alguien|soporte|equipo)\b/,
  /\bmit\s+(?:jemandem|einem\s+(?:echten\s+)?(?:menschen|mitarbeiter|berater|techniker|ingenieur)|einer\s+(?:echten\s+)?(?:person|mitarbeiterin|beraterin)|(?:einem|einer)\s+(?:ihrer|eurer|deiner)\s+\S+)\b[^.?!]{0,80}\b(?:sprechen|reden|verbinden|telefonieren|durchgehen|besprechen|austauschen|anrufen)\b/,
  /\bquelqu'?un\b[^.?!]{0,50}\b(?:m'appeler|m'appelle|me rappeler|me rappelle|me contacter|me contacte|nous appeler|nous rappeler|nous contacter)\b|\b(?:pouvez|pourriez)[- ]vous\s+(?:m'appeler|me rappeler|nous appeler)\b/,
  /\b(?:temsilci|yetkili|operator|operatör|insan|destek ekib)\w*\s+(?:ile\s+)?(?:g[oö]r[uü][sş]\w*|konu[sş]\w*|ba[gğ]lan\w*)/,
  /\b(?:kundansvarig\w*|account manager\w*|kontaktperson\w*|s[aä]ljare)\b[^.?!]{0,40}\bh[oö]ra av sig\b|\b(?:h[oö]r|h[oö]ra)\s+av\s+(?:er|sig)\s+till\s+(?:mig|oss)\b/,
  // es / fr / de / it extras
  /\b(?:hablar|comunicarme|contactar)\s+con\s+(?:alguien|una persona|un humano)\b|\bque\s+(?:alguien|un agente|una persona)\s+(?:me\s+)?(?:llame|contacte|escriba)\b|\bparler\s+(?:a|avec)\s+quelqu'?un\b|\bqu'?(?:un conseiller|quelqu'?un)\s+(?:me|nous)\s+(?:rappelle|contacte|appelle)\b|\bjemand(?:en)?\s+(?:vom|von\s+ihrem|aus\s+dem)\s+(?:support|team|vertrieb)\b|\bmit\s+jemandem\s+sprechen\b|\bparlare\s+con\s+qualcuno\b|\bfalar\s+com\s+alguem\b/,
];

const KOREAN_CHINESE_REQUEST =
  /(상담원|상담사|사람|담당자|직원|매니저)[^.?!。]{0,10}(연결|통화|이야기|얘기|대화|상담|전화)|전화\s*(?:해\s*주|주세요|부탁)|人工客服|人工服务|转人工|真人客服|(真人|客服人员|工作人员|客服|专员|客户经理)[^。？?]{0,8}(联系我|联络我|通话|说话|对话|沟通|交谈|打电话|接通)|(?:跟|和|与)(?:人|真人|客服|工作人员|你们的人)(?:说话|谈|沟通|交谈)|(?:给我|回)(?:打|拨)?电话/;

const JAPANESE_REQUEST =
  /(担当|マネージャー|営業|担当者|オペレーター|人間|スタッフ|サポート(?:の方|担当|チーム)?|有人|人と|誰か)[^。？?]{0,20}(話|つない|繋い|代わ|お願い|電話|連絡|対応して)|折り返し[^。]{0,6}(電話|連絡)|電話(?:を)?(?:ください|してください|ほしい|欲しい)/;

export interface ExplicitRequestResult {
  detected: boolean;
  evidence: string | null;
}

// Adverbs that sit between the words of a request ("I'd still like", "how do I actually reach").
const FILLERS =
  /\b(?:still|really|actually|just|also|kindly|maybe|possibly|perhaps|even|ever|somehow|quickly|personally)\s+/g;

function stripAll(text: string, patterns: RegExp[]): string {
  return patterns.reduce((s, re) => s.replace(re, ' '), text);
}

export function detectExplicitRequest(turn: string): ExplicitRequestResult {
  for (const clause of clauses(turn)) {
    const lower = clause.toLowerCase().replace(/[’‘]/g, "'");
    const cleaned = stripAll(stripAll(lower.replace(/(^|\s)w\/?(?=\s)/g, '$1with'), OTHER_SENSES), PAST).replace(
      FILLERS,
      '',
    );
    if (NEGATIONS.some((re) => re.test(cleaned))) continue;
    const folded = fold(cleaned);
    const english = REQUESTS.some((re) => re.test(cleaned));
    const foreign =
      FOREIGN_REQUESTS.some((re) => re.test(cleaned) || re.test(folded)) ||
      JAPANESE_REQUEST.test(clause) ||
      KOREAN_CHINESE_REQUEST.test(clause);
    if (english || foreign) {
      return { detected: true, evidence: `asked for a person: ${quote(clause)}` };
    }
  }
  return { detected: false, evidence: null };
}
