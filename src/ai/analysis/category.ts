import { ALWAYS_HUMAN_CATEGORIES, type AlwaysHumanCategory } from '../../../domain/vocabulary';
import { fold, quote } from './text';

/**
 * CATEGORY: the six always-human categories with the labelling rules' covered / not-covered boundaries.
 * Rules run on a folded copy of the turn (lowercase, no accents) so one pattern serves "reembolso" and "rémboursement".
 */

/** The shipped policy's order: the vocabulary lists the categories most urgent first. */
export const DEFAULT_CATEGORY_PRECEDENCE: readonly AlwaysHumanCategory[] = ALWAYS_HUMAN_CATEGORIES;

interface Rule {
  re: RegExp;
  why: string;
}

const has = (rules: Rule[], t: string): Rule | undefined => rules.find((r) => r.re.test(t));

// billing_dispute -------------------------------------------------------------------------------------------------
const WRONG_CHARGE: Rule[] = [
  {
    re: /\b(?:charged|billed|invoiced|debited)\s+(?:me\s+|us\s+)?(?:twice|two times|double|2x|three times|multiple times|again for the same)\b/,
    why: 'claims a duplicate charge',
  },
  {
    re: /\b(?:double|duplicate|duplicated)\s+(?:charge|charges|billing|payment|payments|invoice)\b.*\b(?:we|i|our|my|us|me)\b|\b(?:we|i|our|my|us|me)\b.*\b(?:double|duplicate|duplicated)\s+(?:charge|charges|billing|payment|payments)\b/,
    why: 'claims a duplicate charge',
  },
  {
    re: /\b(?:overcharg\w*|overbill\w*|over-charg\w*|over-bill\w*)\b|\b(?:charged|billed|invoiced) (?:us |me )?(?:too much|more than)\b/,
    why: 'claims an overcharge',
  },
  {
    re: /\b(?:bill(?:s|ed)?|charg(?:es|ed)|invoic(?:es|ed))\s+(?:us|me)\s+for\s+\d+\b[^.?!]*\b(?:but|although|though|even though)\b[^.?!]*\b(?:only|lowered|reduced|removed|dropped|cut|down to|went down)\b/,
    why: 'claims to be billed for more than was used',
  },
  {
    re: /\b(?:charged|billed|invoiced)\b[^.?!]*\b(?:after|even though|although|despite|but)\b[^.?!]*\b(?:cancel\w*|downgrad\w*|removed|deleted|closed)\b/,
    why: 'claims a charge after cancelling or downgrading',
  },
  {
    re: /\b(?:cancel\w*|downgrad\w*|removed|closed)\b[^.?!]*\b(?:but|yet|and)\b[^.?!]*\b(?:still\s+)?(?:got\s+|been\s+|was\s+|were\s+)?(?:charged|billed|invoiced)\b/,
    why: 'claims a charge after cancelling or downgrading',
  },
  { re: /\bstill\s+(?:being\s+|getting\s+)?(?:charged|billed)\b/, why: 'claims a charge that should have stopped' },
  {
    re: /\b(?:billed|charged|invoiced)\s+(?:us\s+|me\s+)?for\b[^.?!]*\bbut\b[^.?!]*\b(?:only|never|just|no longer)\b/,
    why: 'claims to be billed for more than was used',
  },
  {
    re: /\b(?:bill|invoice|charge|billing)\b[^]*\b(?:that'?s|this is|it'?s)\s+(?:wrong|incorrect|not right)\b/,
    why: 'claims a charge is wrong',
  },
  {
    re: /\b(?:wrong|incorrect)\s+(?:amount|charge|invoice|price|bill)\b|\b(?:charge|invoice|bill)\s+is\s+(?:wrong|incorrect)\b/,
    why: 'claims a charge is wrong',
  },
  {
    re: /\b(?:reverse|void|cancel|waive|remove)\s+(?:the|this|that|our|my)\s+(?:charge|payment|invoice|fee|transaction)\b|\b(?:shouldn'?t|should not|never should) have been (?:charged|billed|invoiced)\b|\b(?:charged|billed|invoiced)\b[^.?!]*\b(?:by mistake|in error|incorrectly|wrongly|for nothing|without (?:notice|warning|consent|permission))\b|\b(?:cobr\w+|factur\w+)\s+de\s+m[aá]s\b|\bcobro\s+(?:indebido|incorrecto|erroneo)\b|\bfactur\w+\s+en\s+trop\b|\bzu\s+viel\s+(?:berechnet|abgebucht|bezahlt)\b|\bcobrad[oa]s?\s+a\s+mais\b|\baddebit\w+\s+(?:errat\w+|in pi[uù])\b|\bte\s+veel\s+(?:gefactureerd|betaald|afgeschreven)\b/,
    why: 'claims a charge is wrong',
  },
  {
    re: /\b(?:charge|payment|invoice|renewal|debit)\b[^]*\b(?:shouldn'?t|should not|should never) have (?:happened|gone through|been (?:taken|made|processed))\b/,
    why: 'claims a charge is wrong',
  },
  {
    re: /\b(?:bill(?:ed)?|charg(?:ed|es)|invoic(?:ed|es))\s+(?:us|me)\s+for\s+\d+\b[^.?!]*\b(?:when|while|whereas)\s+(?:we|i)\s+(?:only|just)\b/,
    why: 'claims to be billed for more than was used',
  },
  {
    re: /\b(?:rechnung|abrechnung|betrag)\s+ist\s+(?:falsch|nicht korrekt|fehlerhaft)\b|\bfactura\s+(?:es|esta)\s+(?:mal|incorrecta|equivocada)\b|\bfacture\s+est\s+(?:fausse|incorrecte|erronee)\b|\bfattura\s+(?:e|è)\s+(?:sbagliata|errata)\b|\bfatura\s+(?:esta|e)\s+(?:errada|incorreta)\b|\bfactuur\s+(?:is|klopt)\s+(?:fout|niet)\b/,
    why: 'claims a charge is wrong',
  },
  {
    re: /\bchargeback\b|\bdispute\s+(?:the|this|a|our|my|that)?\s*(?:charge|payment|invoice|transaction)\b|\bunauthori[sz]ed\s+(?:charge|payment|transaction)\b/,
    why: 'disputes a charge',
  },
  {
    re: /\bnever\s+(?:authori[sz]ed|agreed to|approved|asked for)\b[^.?!]*\b(?:charge|payment|upgrade|seats?|invoice)\b/,
    why: 'disputes a charge',
  },
  {
    re: /\bcobr\w*\s+(?:dos veces|doble)\b|\bcobro\s+duplicado\b|\b(?:preleve|debite|facture)s?\s+deux fois\b|\bdoppelt\s+(?:abgebucht|berechnet|belastet)\b|\bcobrad[oa]s?\s+duas vezes\b|\bcobranca\s+duplicada\b|\baddebitat[oi]\s+due volte\b|\bdoppio\s+addebito\b|\bdubbel\s+(?:afgeschreven|gefactureerd|betaald)\b|二重(?:請求|に請求|引き落とし|課金)|過剰請求/,
    why: 'claims a duplicate charge',
  },
];
const REFUND_REQUEST: Rule[] = [
  {
    re: /\b(?:want|need|request|requesting|demand|expect|like|get|give|issue|process|send)\s+(?:me\s+|us\s+)?(?:a\s+|an\s+|the\s+|my\s+|our\s+)?(?:full\s+|partial\s+|prorated\s+|pro-rated\s+)?(?:(?:service|sla|account)\s+)?(?:refund|credit|money back|reimbursement)\b/,
    why: 'asks for a refund',
  },
  { re: /\b(?:want|need|would like|'d like|expect)\s+(?:[\w']+\s+){0,4}refunded\b/, why: 'asks for a refund' },
  {
    re: /\b(?:devolver|devolvernos|devuelv\w*|vratit|vratte|zwroci\w*|zwrot\w*|restituire|restituir|rembourser)\b[^.?!]*\b(?:iva|dph|vat|tva|mwst|btw|impuesto\w*|dinero|importe|pago|cobro|penize|castk\w*|podat\w*|pieniadze|soldi|tasse|dinheiro|taxe\w*)\b/,
    why: 'asks for a refund',
  },
  {
    re: /\b(?:please\s+)?refund\s+(?:me|us|it|this|that|the|our|my|them)\b|\bmoney back\b|\bcredit\s+(?:our|my)\s+account\b|\bcredit\s+(?:the|that|this)\s+(?:difference|amount|overcharge|extra|charge)\b|\b(?:refund|reimburse)\s+(?:the|that|this)\s+(?:difference|amount|overcharge|extra|charge)\b|\bcredit\s+(?:us|me)\b|\brefunded\s+for\b/,
    why: 'asks for a refund',
  },
  {
    re: /\b(?:reembols\w*|devolu\w*|devuelvan\w*|rembours\w*|ruckerstatt\w*|erstatt\w*|estorn\w*|rimbors\w*|terugbetal\w*|terugstort\w*|geld terug)\b|返金/,
    why: 'asks for a refund',
  },
];
// A refund mentioned only inside a question, with no request words, asks about the policy ("is it refunded?", "¿se reembolsa?").
const REQUEST_WORDS =
  /\b(?:please|pls|want|need|would like|'d like|demand|expect|give|issue|process|send|quiero|necesito|por favor|exijo|je veux|je voudrais|merci de|veuillez|s'il vous plait|bitte|ich mochte|ich will|wir wollen|quero|queremos|preciso|gostaria|voglio|vorrei|per favore|ik wil|wij willen|graag|chcemy|chce|vill ha|chci|istiyoruz)\b|お願い|してください|ください/;
function refundOnlyAsked(t: string): boolean {
  const sentences = t
    .split(/(?<=[.!?。？！])\s*/)
    .filter((x) =>
      /refund|money back|reembols|rembours|erstatt|estorn|rimbors|terugbetal|zwrot|aterbetal|återbetal|vracen|iade|返金|退款|환불/.test(
        x,
      ),
    );
  return sentences.length > 0 && sentences.every((x) => /[?？]\s*$/.test(x.trim()) && !REQUEST_WORDS.test(x));
}
// "Can you refund the VAT you charged us?", "¿podéis tramitarlo?": a request to act, even when it cites the policy.
const ACT_ON_REFUND =
  /\b(?:can|could|would|will)\s+you\s+(?:please\s+)?(?:refund|credit|reimburse)\s+(?:me|us|the|our|my|that|this|it|those|these)\b|\b(?:please\s+)?(?:process|issue)\s+(?:the|our|my|a|this)\s+(?:\w+\s+)?refund\b|\btramit\w*|\b(?:podeis|podriais|pueden|podrian|puede|podria)\s+(?:procesar|devolver|reembolsar|hacer)\w*|\b(?:pouvez|pourriez)[- ]vous\s+(?:nous\s+|me\s+)?(?:rembours\w*|effectuer)|\b(?:pode|podem|poderiam)\s+(?:processar|reembolsar|devolver|estornar)\w*|\b(?:potete|potreste)\s+(?:rimborsar\w*|procedere)|\b(?:konnen|koennen)\s+sie\b[^.?!]*\berstatt\w*/;
const POLICY_QUESTION =
  /\bpolic(?:y|ies)\b|\bif\s+(?:we|i)\s+(?:cancel|downgrad|switch)|\bwhat happens\b|\beligible\b|\bhow\s+(?:do|does|long)\b[^.?!]*\brefund|\bare\s+[^.?!]*refund(?:ed|able)\b|\brefundable\b|\bdo you\s+(?:offer|give|do)\s+refunds\b|\bpolitica\b|\bpolitique\b|\brichtlinie\b|\bbeleid\b|ポリシー|規定/;

// security_incident -----------------------------------------------------------------------------------------------
const SECURITY: Rule[] = [
  {
    re: /\bsomeone\s+(?:else\s+|we don'?t know\s+)?(?:has\s+)?(?:logged|signed|logging|signing|log|sign)\s+(?:in|into|on)\b/,
    why: 'reports someone else signing in',
  },
  {
    re: /\b(?:unauthori[sz]ed|suspicious|unknown|unrecogni[sz]ed|strange|weird|unfamiliar)\s+(?:access|log-?ins?|sign-?ins?|activity|ip|ips|ip address(?:es)?|devices?|sessions?|locations?|api calls?|requests?|users?|admins?)\b/,
    why: 'reports suspicious access',
  },
  {
    re: /\b(?:log-?ins?|sign-?ins?|sessions?|logged in|signed in)\b[^.?!]*\bfrom\b[^.?!]*\b(?:we|i|nobody|no one)\b[^.?!]*\b(?:don'?t|do not|never|didn'?t)\b/,
    why: 'reports sign-ins nobody recognises',
  },
  {
    re: /\b(?:log-?ins?|sign-?ins?|logged in|signed in|sessions?|ip)\b[^.?!]*\b(?:none of us|nobody (?:here|on)|no one (?:here|on)|not (?:us|me)|wasn'?t (?:us|me)|we don'?t recogni[sz]e|i don'?t recogni[sz]e)\b/,
    why: 'reports sign-ins nobody recognises',
  },
  {
    re: /\b(?:log-?ins?|logged in(?:to)?|signed in(?:to)?|sign-?ins?)\b[^.?!]*\bfrom\s+(?:russia|china|north korea|iran|nigeria|brazil|india|vietnam|ukraine|romania|an? (?:unknown|foreign|strange) (?:country|ip|location))\b/,
    why: 'reports a sign-in from an unexpected place',
  },
  {
    re: /\b(?:api[\s-]?keys?|keys?|tokens?|secrets?|passwords?|credentials?|logins?)\b[^.?!]*\b(?:leaked|exposed|committed|published|shared publicly|made public|stolen|compromised)\b/,
    why: 'reports leaked credentials',
  },
  {
    re: /\b(?:leaked|exposed|committed|published)\b[^.?!]*\b(?:api[\s-]?keys?|tokens?|secrets?|passwords?|credentials?)\b/,
    why: 'reports leaked credentials',
  },
  {
    re: /\b(?:api[\s-]?keys?|keys?|tokens?|secrets?|passwords?|credentials?)\b[^.?!]*\b(?:posted|pushed|pasted|shared|uploaded|sent)\b[^.?!]*\b(?:public|publicly|github|gitlab|bitbucket|repo\w*|forum|stack\s?overflow|pastebin|gist|twitter|reddit|linkedin|slack|discord|teams channel|screenshot|wrong|everyone|outside)\b/,
    why: 'reports leaked credentials',
  },
  {
    re: /\b(?:posted|pushed|pasted|shared|uploaded)\b[^.?!]*\b(?:api[\s-]?keys?|keys?|tokens?|secrets?|passwords?|credentials?)\b[^.?!]*\b(?:public|publicly|github|gitlab|bitbucket|repo\w*|forum|stack\s?overflow|pastebin|gist|twitter|reddit|linkedin|slack|discord|screenshot|wrong|everyone|outside)\b/,
    why: 'reports leaked credentials',
  },
  {
    re: /\bphishing\b[^.?!]*\b(?:entered|typed|gave|clicked|submitted)\b|\b(?:entered|typed|gave|submitted)\b[^.?!]*\b(?:password|credentials)\b[^.?!]*\b(?:fake|phishing|spoofed|scam)\b/,
    why: 'reports credentials entered on a phishing page',
  },
  {
    re: /\b(?:public links?|dashboards?|data|reports?|salar\w+|customer list)\b[^.?!]*\b(?:posted|shared|visible|exposed|leaked|published|ended up|went)\b[^.?!]*\b(?:publicly|public forum|twitter|linkedin|reddit|facebook|online|on the internet|wrong (?:people|person|customer|client|recipients?)|competitors?|outside (?:the|our) company|external)\b/,
    why: 'reports data exposed to the wrong people',
  },
  {
    re: /\b(?:posted|shared|published|leaked|put|dropped|postou|publicou|compartilhou|publico|compartio|publie|partage|gepostet|veroffentlicht|geteilt|pubblicato|condiviso|gepost|gedeeld)\b[^.?!]*\b(?:links?|liens?|enlaces?|dashboards?|tableaux? de bord|data|datos|dados|donnees|reports?)\b[^.?!]*\b(?:public\s+(?:\w+\s+)?(?:thread|forum|group|channel|site|page|community)|reddit|twitter|linkedin|facebook|online|forum|foro|grupo (?:aberto|abierto|publico)|groupe public|offentlich\w*|gruppo pubblico)\b/,
    why: 'reports data exposed to the wrong people',
  },
  {
    re: /\b(?:typed|entered|put|gave|submitted)\b[^.?!]*\b(?:password|credentials|login)\b[^.?!]*\b(?:before (?:noticing|realizing|realising|seeing)|wasn'?t (?:lumen|real|legit|yours|the real)|not (?:lumen|legit|the real))/,
    why: 'reports credentials entered on a phishing page',
  },
  {
    re: /知らない(?:端末|デバイス|場所|IP)[^。]{0,10}ログイン|心当たりのない(?:端末|ログイン)/,
    why: 'reports suspicious access',
  },
  {
    re: /\bsent\s+(?:to\s+)?(?:the\s+)?wrong\s+(?:people|person|recipients?|customer|client|distribution list)\b|\b(?:can|could)\s+see\s+(?:another|other|someone else'?s?|a different)\s+(?:customer|company|workspace|tenant|organi[sz]ation)/,
    why: 'reports data exposed to the wrong people',
  },
  {
    re: /\b(?:someone|somebody|an? (?:unknown|stranger|outsider|attacker|hacker))\s+(?:has\s+|had\s+|is\s+|was\s+)?(?:accessed|accessing|got into|gotten into|getting into|broke into|using|used|downloaded|exported|viewing|viewed)\s+(?:our|my|the)\s+(?:\w+\s+)?(?:account|workspace|data|dashboards?|api key|key|token|reports?)\b/,
    why: 'reports unauthorized access',
  },
  {
    re: /\b(?:ex-?employee|former (?:employee|colleague|contractor|admin|member)|fired (?:employee|contractor)|contractor who left|someone who left)\b[^.?!]*\b(?:still\s+(?:has|have|had|can|logged|logging|signing|accessing|using|active)|logged in|signed in|accessed|downloaded|exported)\b/,
    why: 'reports access by someone who should not have it',
  },
  {
    re: /\b(?:admins?|users?|members?|accounts?|api keys?|webhooks?)\s+(?:that\s+|which\s+|who\s+)?(?:we|i|nobody|no one)\s+(?:didn'?t|did not|never|don'?t|do not)\s+(?:add|create|invite|recogni[sz]e|know|set up|make)\b/,
    why: 'reports accounts or keys nobody created',
  },
  {
    re: /\b(?:account|workspace|data)\s+(?:was|has been|got|is|may have been|might have been)\s+(?:hacked|breached|compromised|accessed by someone)\b|\b(?:hackead[oa]|pirat[ée]|gehackt|invadid[oa]|violat[oa]|gehackt|gehacked)\b/,
    why: 'reports a compromise',
  },
  {
    re: /\b(?:anyone|everyone|the whole internet|strangers?|google)\b[^.?!]*\b(?:can|could)\s+(?:see|view|access|open|find)\b[^.?!]*\b(?:our|my|the)\s+(?:\w+\s+)?(?:dashboards?|data|reports?|salar\w+|customers?)\b[^.?!]*\b(?:should(?:n'?t| not)|private|confidential|sensitive|internal)\b|\bindexed by (?:google|search engines?)\b/,
    why: 'reports data exposed to the wrong people',
  },
  {
    re: /\b(?:found|discovered|noticed)\b[^.?!]*\b(?:a\s+)?(?:bug|flaw|way|issue)\b[^.?!]*\b(?:lets?|allows?|can)\b[^.?!]*\b(?:see|access|read|view|modify)\b[^.?!]*\b(?:other|another|someone else'?s?|any)\s+(?:customers?|users?|workspaces?|tenants?|companies|accounts?)\b/,
    why: 'reports a vulnerability',
  },
  {
    re: /\bvulnerabilit(?:y|ies)\b|\bsecurity\s+(?:hole|flaw|bug|issue|vulnerability|breach)\b|\bdata breach\b|\bxss\b|\bcross[-\s]site\b|\bsql\s+injection\b|\bcsrf\b|\bidor\b|\bresponsible disclosure\b|\bbug bounty\b|\bexploit\b|\bprivilege escalation\b|\bwe(?:'ve| have) been (?:hacked|breached)\b/,
    why: 'reports a vulnerability or breach',
  },
  {
    re: /\bacceso no autorizado\b|\binicio de sesion sospechoso\b|\balguien (?:entro|inicio sesion|accedio)\b|\bacces non autorise\b|\bconnexion suspecte\b|\bquelqu'un s'est connecte\b|\bunbefugte[rn]? zugriff\b|\bverdachtige anmeldung\b|\bjemand hat sich\b[^.?!]*\bangemeldet\b|\bacesso nao autorizado\b|\blogin suspeito\b|\balguem (?:entrou|acessou)\b|\baccesso non autorizzato\b|\baccesso sospetto\b|\bqualcuno (?:e entrato|ha effettuato l'accesso)\b|\bonbevoegde toegang\b|\bverdachte (?:inlog|login)\b|\biemand heeft (?:ingelogd|zich aangemeld)\b|不正アクセス|不審なログイン|身に覚えのないログイン|(?:キー|パスワード|トークン)[^。]{0,10}(?:漏洩|流出|公開)/,
    why: 'reports suspicious access',
  },
];
const SECURITY_HYPOTHETICAL =
  /\b(?:what if|in case|if (?:a|an|our|my|the|someone'?s?)\b[^.?!]*\b(?:is|gets|were|was|ever)\s+(?:leaked|exposed|stolen|compromised)|how (?:do|can|should) (?:i|we) (?:rotate|revoke|see|check|review|find))\b/;

// account_access_takeover -----------------------------------------------------------------------------------------
const TAKEOVER: Rule[] = [
  {
    re: /\b(?:account|workspace|login|profile)\s+(?:was|got|has been|have been|is|been)\s+(?:hacked|hijacked|taken over|stolen|compromised)\b|\b(?:hacked|hijacked|took over|taken over|stole)\s+(?:my|our|the)\s+(?:\w+\s+)?(?:account|workspace|login)\b/,
    why: 'reports a hijacked account',
  },
  {
    re: /\bsomeone\s+(?:else\s+)?(?:has\s+)?(?:changed|reset|updated|replaced)\s+(?:the\s+|my\s+|our\s+)?(?:\w+\s+)?(?:e-?mail|password|login|2fa|phone|owner)\b|\b(?:e-?mail|password)\b[^.?!]*\b(?:was|has been|got)\s+changed\b[^.?!]*\b(?:not (?:by )?(?:me|us)|wasn'?t (?:me|us)|without|nobody|no one)\b|\b(?:i|we)\s+(?:didn'?t|did not|never)\s+change\b[^.?!]*\b(?:e-?mail|password)\b/,
    why: 'reports credentials changed by someone else',
  },
  {
    re: /\b(?:lost|lose|broke|broken|stolen|wiped|reset|replaced|dropped)\s+(?:my\s+|our\s+|the\s+)?(?:phone|device|authenticator|yubikey|security key|mobile)\b[^]*\b(?:no|never|without|lost|don'?t have|didn'?t (?:save|keep|store)|can'?t find|cannot find|not)\b[^.?!]*\b(?:recovery|backup)\s+codes?\b/,
    why: 'locked out with no 2FA device and no recovery code',
  },
  {
    re: /\b(?:no|never|without|lost|don'?t have|didn'?t (?:save|keep|store)|can'?t find|cannot find)\b[^.?!]*\b(?:recovery|backup)\s+codes?\b[^]*\b(?:lost|broke|broken|stolen|wiped|new|no)\s+(?:my\s+|our\s+|the\s+)?(?:phone|device|authenticator)\b/,
    why: 'locked out with no 2FA device and no recovery code',
  },
  {
    re: /\b(?:no longer|don'?t|do not|can'?t|cannot)\s+(?:have\s+)?(?:access|get into|log into|open)\s+(?:to\s+)?(?:my|the|our|that)\s+(?:old\s+|work\s+)?(?:e-?mail|inbox|mailbox)\b/,
    why: 'locked out without access to the account email',
  },
  {
    re: /\b(?:e-?mail|mailbox|inbox|domain)\s+(?:account\s+|address\s+)?(?:was|has been|got|is|are)\s+(?:deleted|deactivated|disabled|closed|shut down|gone|dead|expired|no longer (?:active|valid|ours|exists?))\b/,
    why: 'locked out without access to the account email',
  },
  {
    re: /\b(?:dead|old|defunct|deactivated|closed|former|deleted|expired|inaccessible)\s+(?:work\s+|company\s+)?(?:e-?mail|inbox|mailbox|address|domain)\b[^]*\b(?:reset|log ?in|sign ?in|get (?:back )?in|access|locked|recover)\b|\b(?:reset|recovery|verification)\s+(?:link|email|code|e-mail)s?\b[^.?!]*\b(?:goes|go|went|sent|going)\s+to\b[^.?!]*\b(?:dead|old|defunct|deactivated|closed|former|deleted|inaccessible|no longer)\b/,
    why: 'locked out without access to the account email',
  },
  {
    re: /\b(?:don'?t|do not|no longer|doesn'?t|does not)\s+(?:own|control|have|exist)\b[^.?!]*\b(?:domain|e-?mail|inbox|mailbox|address)\b[^]*\b(?:reset|password|log ?in|sign ?in|get (?:back )?in|locked)\b|\b(?:domain|e-?mail|inbox|mailbox)\b[^.?!]*\b(?:don'?t|do not|no longer)\s+(?:own|control|have|exists?)\b[^]*\b(?:reset|password|log ?in|sign ?in|get (?:back )?in|locked)\b/,
    why: 'locked out without access to the account email',
  },
  {
    re: /\blocked out\b[^]*\b(?:no|lost|without|don'?t have|no longer have|never (?:set up|saved))\b[^.?!]*\b(?:phone|device|authenticator|2fa|two-factor|codes?|e-?mail|inbox)\b|\b(?:no|lost|without|don'?t have|no longer have)\b[^.?!]*\b(?:phone|device|authenticator|2fa|codes?|e-?mail|inbox)\b[^]*\blocked out\b/,
    why: 'locked out with no self-service route',
  },
  {
    re: /\b(?:only|sole|last|single)\s+(?:admin|administrator|owner)\b[^.?!]*\b(?:left|quit|passed away|died|gone|no longer|unreachable|unavailable|fired|departed)\b|\b(?:admin|owner)\s+(?:account\s+)?(?:belongs|belonged)\s+to\s+(?:someone|a person|an employee)\s+who\s+(?:left|quit|is gone)\b/,
    why: 'needs control of a workspace whose Owner is unavailable',
  },
  {
    re: /\b(?:my|our)\s+(?:password|e-?mail|login|2fa|phone number)\s+(?:was|has been|got)\s+(?:changed|reset|replaced)\b[^.?!]*\b(?:without|not by|wasn'?t|by someone|by somebody|by an?)\b/,
    why: 'reports credentials changed by someone else',
  },
  {
    re: /\bowner\b[^.?!]*\b(?:ha lasciato|ha dejado|dejo la empresa|se fue|a quitte|hat [^.?!]*verlassen|nicht (?:mehr )?erreichbar|non risponde|no responde|ne repond|saiu da|heeft [^.?!]*verlaten|niet bereikbaar|left|quit|passed away|died|is gone|no longer|unreachable|unavailable|not responding|won'?t respond|doesn'?t respond|on (?:leave|vacation|sabbatical)|fired|laid off|departed|ghost\w*|in hospital|can'?t be reached)\b/,
    why: 'needs control of a workspace whose Owner is unavailable',
  },
  {
    re: /\b(?:perdi|perdido|perdu|verloren|perso|kwijt)\b[^.?!]*\b(?:telefono|movil|celular|telephone|portable|handy|telefone|cellulare|telefoon)\b[^]*\b(?:codigos?|codes?|wiederherstellungscodes?|codici|herstelcodes?)\b/,
    why: 'locked out with no 2FA device and no recovery code',
  },
  {
    re: /\b(?:alguien|quelqu'un|jemand|alguem|qualcuno|iemand)\b[^.?!]*\b(?:cambio|change|geandert|mudou|alterou|cambiato|gewijzigd|veranderd)\b[^.?!]*\b(?:correo|contrasena|mot de passe|e-?mail|passwort|senha|password|wachtwoord)\b|乗っ取|누군가[^.?!]{0,20}(?:비밀번호|이메일|암호)[^.?!]{0,6}(?:바꿔|바꾸|변경)|有人[^。]{0,10}(?:改了|更改|修改)[^。]{0,6}(?:密码|邮箱)|(?:所有者|拥有者|オーナー|所有者の)[^。]{0,12}(?:离职|联系不上|辞め|退職|連絡が取れ)|勝手に[^。]{0,10}(?:パスワード|メール)/,
    why: 'reports credentials changed by someone else',
  },
];

const NO_RECOVERY_CODES =
  /\b(?:no|never|without|lost|don'?t have|do not have|didn'?t (?:save|keep|store|write)|never (?:saved|kept|stored|wrote)|can'?t find|cannot find|haven'?t got)\b[^.?!]*\b(?:recovery|backup)\s+codes?\b|\b(?:recovery|backup)\s+codes?\b[^.?!]*\b(?:lost|gone|missing|never saved|don'?t have|no idea where)\b/;
const HAS_RECOVERY_CODES =
  /\b(?:i|we)\s+(?:still\s+)?(?:have|kept|saved|stored|wrote down)\s+(?:my|our|the)?\s*(?:recovery|backup)\s+codes?\b/;
const DEVICE_GONE =
  /\b(?:lost|lose|broke|broken|stolen|wiped|reset|replaced|dropped|new|old|dead|died|destroyed|factory[\s-]reset)\s+(?:my\s+|our\s+|the\s+)?(?:phone|device|authenticator|yubikey|security key|mobile|iphone|android)\b|\b(?:phone|device|authenticator|iphone|android)\b[^.?!]*\b(?:dead|died|broken|broke|lost|stolen|wiped|won'?t (?:turn|switch|power) on|doesn'?t (?:turn|switch) on|gone|destroyed)\b/;

// legal_privacy ---------------------------------------------------------------------------------------------------
const LEGAL: Rule[] = [
  {
    re: /\bgdpr\b|\bccpa\b|\bcpra\b|\blgpd\b|\bdsar\b|\brgpd\b|\bdsgvo\b|\bdata subject\b|\bright (?:to|of) (?:be forgotten|erasure|access|deletion|portability)\b|\berasure request\b|\bderecho al olvido\b|\bdroit a l'oubli\b|\brecht auf vergessen\w*\b|\bdireito ao esquecimento\b|\bdiritto all'oblio\b/,
    why: 'a data-subject (privacy) request',
  },
  {
    re: /\b(?:delete|erase|remove|purge|export|send us)\s+all\s+(?:of\s+)?(?:their|his|her|my|this person'?s?|the employee'?s?)\s+(?:personal\s+)?(?:data|information|records)\b|\bpersonal (?:data|information)\b[^.?!]*\b(?:delete|erase|removal|export|copy|request|access)\b/,
    why: 'a personal-data request',
  },
  {
    re: /\bdpa\b|\bdata processing (?:agreement|addendum)\b|\bsccs?\b|\bstandard contractual clauses\b|\bsub-?process\w*|\bsub-?procesad\w*|\bsubprocessad\w*|\bsous-traitants?\b|\bunterauftragsverarbeiter\w*|\bbaa\b|\bbusiness associate agreement\b|\bauftragsverarbeitung\w*\b|\bavv\b|\bcontrat de sous-traitance\b|\bverwerkersovereenkomst\b/,
    why: 'a contract or privacy document request (DPA, SCCs, sub-processors, BAA)',
  },
  {
    re: /\bsubject access request\b|\b(?:data|privacy) (?:access|deletion|erasure) request\b|\bcopy of all (?:the )?(?:personal )?data\b|\ball (?:the )?(?:personal )?data you (?:hold|have|store)\b|\bdpia\b|\bprivacy (?:request|complaint)\b|\bsolicitud de (?:supresion|acceso)\b|\bdemande d'(?:acces|effacement)\b|\bauskunftsersuchen\b|\bloschung\w* (?:aller|meiner|seiner|ihrer) (?:daten|personenbezogenen)\b/,
    why: 'a data-subject (privacy) request',
  },
  {
    re: /\bsubpoena\w*\b|\bcourt order\b|\bsearch warrant\b|\blaw enforcement\b|\blegal hold\b|\blitigation\b|\blawsuit\b|\b(?:sue|suing)\b|\b(?:our|my)\s+(?:lawyers?|attorneys?|legal counsel)\b|\blegal action\b|\bcease and desist\b|\bdata protection (?:officer|authority)\b|\breport you to\b|\babogad\w*\b|\bavocat\w*\b|\banwalt\b|\badvogad\w*\b|\bavvocat\w*\b|\badvocaat\b|\bdemanda judicial\b|\bpoursuites?\b|\bklage\b|弁護士|訴訟|法的措置/,
    why: 'legal process or a legal threat',
  },
];

// data_loss -------------------------------------------------------------------------------------------------------
const DATA_LOSS: Rule[] = [
  { re: /\b(?:nonsense|gibberish|garbled|scrambled)\b/, why: 'data corrupted' },
  {
    re: /\b(?:data|dashboards?|charts?|reports?|files?|records|deals|rows|contacts|entries|tables|widgets|leads|opportunities|history|datasets?|numbers|everything|months?|weeks?|years?|connectors?|alerts?|workspace)\b[^.?!]*\b(?:gone|disappeared|vanished|wiped|erased|lost|corrupt\w*|garbled)\b/,
    why: 'data missing or corrupted',
  },
  {
    re: /\b(?:disappeared|vanished|wiped out|got wiped|were wiped|was wiped|went missing|corrupt\w*)\b/,
    why: 'data missing or corrupted',
  },
  {
    re: /\b(?:all|our|my|historical|history|months? of)\s+(?:of\s+)?(?:our\s+|my\s+|the\s+)?(?:data|dashboards|reports)\b[^.?!]*\b(?:missing|show(?:s|ing)? (?:zero|zeros|0|nothing|blank|empty))\b/,
    why: 'data missing',
  },
  {
    re: /\btrash\b[^.?!]*\b(?:is empty|empty too|was empty|nothing)\b|\bnot (?:in|there in) (?:the )?trash\b|\bisn'?t in (?:the )?trash\b/,
    why: 'missing and not in Trash',
  },
  {
    re: /\bdeleted\b[^.?!]*\b(?:(?:[2-9]|1\d|two|three|four|five|six|several|a few|many)\s+months?|(?:[5-9]|\d\d|five|six|seven|eight)\s+weeks?|(?:3[1-9]|[4-9]\d|\d{3})\s+days?|last (?:year|quarter)|a year|back in (?:january|february|march|april|may|june|july|august|september|october|november|december))\s*(?:ago)?\b/,
    why: 'recovery beyond the Trash window',
  },
  {
    re: /\b(?:nobody|no one|none of us|we|i)\s+(?:didn'?t|did not|never|has|have)?\s*(?:deleted|removed|touched|changed)\b[^.?!]*\b(?:but|yet|and)\b[^.?!]*\b(?:gone|missing|empty|blank|disappeared|vanished)\b|\b(?:gone|missing|empty|blank|disappeared|vanished)\b[^.?!]*\b(?:nobody|no one|none of us)\s+(?:deleted|removed|touched)\b|\bwithout (?:anyone|us|me|somebody) deleting\b/,
    why: 'data missing without the customer deleting it',
  },
  {
    re: /\b(?:restore|recover|get back|bring back|roll back)\b[^.?!]*\b(?:from\s+(?:a|your|the)\s+backups?|backups?\s+from)\b|\b(?:older than|more than|past|beyond|outside)\s+(?:the\s+)?(?:\d+|thirty|sixty|ninety)[\s-]days?\b[^.?!]*\b(?:trash|deleted|restore|recover)\b|\b(?:trash|deleted)\b[^.?!]*\b(?:older than|more than|past|beyond|outside)\s+(?:the\s+)?(?:\d+|thirty)[\s-]days?\b/,
    why: 'recovery beyond the self-service windows',
  },
  {
    re: /\b(?:rows|records|history|historical data|values|numbers)\b[^.?!]*\b(?:(?:were|are|got|have been)\s+(?:overwritten|wiped|deleted|dropped|replaced|scrambled|duplicated)|(?:all|now)\s+(?:zero|zeros|null|empty|blank))\b[^.?!]*\b(?:sync|import|update|upgrade|overnight|migration|release)\b/,
    why: 'data missing or corrupted',
  },
  {
    re: /\b(?:desaparecieron|desaparecio|se borraron|perdimos|ont disparu|a disparu|sont partis|verschwunden|verloren gegangen|sumiram|sumiu|desapareceu|perdemos|sono spariti|e sparito|scompars\w+|abbiamo perso|verdwenen|kwijtgeraakt|corrompid\w*|corrompu\w*|beschadigd|beschadigt|danneggiat\w*)\b|消え|消失|なくなっ|破損/,
    why: 'data missing or corrupted',
  },
];
const MISSING_IN_LUMEN =
  /\b(?:dashboards?|charts?|reports?|datasets?|data|alerts?|widgets?|workspace)\b[^.?!]*\b(?:missing|gone|disappeared|vanished|deleted|lost|can'?t find|cannot find|no longer there)\b|\b(?:missing|lost|deleted|disappeared)\s+(?:[\w']+\s+){0,4}(?:dashboards?|charts?|reports?|datasets?|data)\b/;
const OWN_RECENT_DELETE = /\b(?:i|we)\s+(?:accidentally\s+|mistakenly\s+|just\s+)?(?:deleted|removed|trashed)\b/;
const DATA_LOSS_NOT =
  /\b(?:will|would|do|does|could|can)\s+(?:i|we|it|that|this)\s+(?:lose|delete|wipe|be lost)\b|\blose (?:any |my |our )?data if\b|\bwhat happens to (?:my|our|the) data\b|\bor\s+(?:are|is|were|will)\s+(?:they|those|these|it|that)\s+(?:be\s+)?lost\b|(?:消え|失われ|なくなり)(?:てしまい)?ますか|\bnothing is deleted\b|\bwithout losing\b/;

// cancellation_with_complaint ------------------------------------------------------------------------------------
const CANCEL =
  /\b(?:(?:we'?re|we are|we will be|we'?ll be|i'?m|i am)\s+(?:moving|switching|migrating|going)\s+(?:over\s+)?to\s+(?:a\s+)?(?:competitor|another|different|\w+)\b[^.?!]*\b(?:cancel|end|close|terminate|stop|instead)|stop\s+(?:our|my|the)\s+(?:subscription|plan|billing|contract)|end\s+(?:our|my|the)\s+(?:contract|subscription|relationship)|(?:i|we)\s+want\s+out|(?:we'?re|we are|i'?m|i am)\s+done\s+with\s+(?:lumen|you|this)|cancel|cancell?ing|cancell?ation|terminate|terminating|termination|close|closing|end|ending|shut down|delete)\s+(?:our|my|the|this)?\s*(?:\w+\s+)?(?:account|subscription|plan|contract|workspace|service|membership|license)\b|\b(?:we'?re|we are|i'?m|i am)\s+(?:leaving|done with|moving away|switching away|quitting|churning|out)\b|\b(?:not|won'?t|will not|don'?t|do not|aren'?t|are not)\s+(?:be\s+|going to\s+)?renew(?:ing)?\b|\bnon-?renewal\b|\bcancel\s+(?:it|everything|now|immediately|today)\b|\bunsubscribe\b|\b(?:we'?re|we are|i'?m|i am)\s+cancell?ing\b|\bno\s+(?:vamos a\s+|voy a\s+|queremos\s+)?renovar\w*\b|\bnao\s+(?:vamos\s+)?renovar\b|\bne\s+(?:pas\s+)?renouveler\b|\bnicht\s+verlangern\b|\bnon\s+rinnover\w*\b|\bniet\s+verlengen\b|\b(?:z)?rezygn\w*|\bwypowi\w*|更新しない|更新を(?:しない|停止|見送)|不再续|不续约|取消订阅|\b(?:we|i)\s+(?:want|need|would like|'d like)\s+to\s+cancel\b|^\s*cancel\b|\bcancelar\b|\bdar de baja\b|\bcancelen\b|\bannuler\b|\bresilier\b|\bresiliation\b|\bkundigen\b|\bkundigung\b|\bencerrar\b|\bdisdire\b|\bdisdetta\b|\bannullare\b|\bopzeggen\b|\bbeeindigen\b|解約/;
const COMPLAINT =
  /\b(?:not happy|unhappy|dissatisfied|(?:very|really|extremely) disappointed|let down|lost data|data loss|(?:constant|frequent|repeated|daily|weekly) (?:outages?|downtime|crashes|failures|errors|bugs)|bugs? (?:everywhere|all over)|support (?:never|doesn'?t|does not|didn'?t) (?:respond|answer|reply|help)|(?:waited|waiting) (?:for )?(?:days|weeks)|no response|never (?:got|get) (?:a )?(?:response|reply|answer)|gone downhill|went downhill|downhill|(?:gotten|getting|got) worse|unusable|flaky|laggy|(?:arrive|arrives|arriving|are|is|were|was|come|comes)\s+(?:\w+\s+)?(?:hours|days)\s+late|always late|half the time|fail\w*\s+(?:\w+\s+)?(?:half the time|constantly|all the time|every (?:day|week|time)|again and again)|(?:keep|keeps|kept)\s+(?:breaking|failing|crashing|dropping|timing out)|not reliable|missing features?|paying for nothing|not what (?:we|i) (?:were|was) promised|support (?:is|was|has been) (?:slow|useless|terrible|unhelpful|non-?existent)|no one (?:ever )?(?:helped|answered|responded)|(?:too|really|very) (?:expensive|slow|buggy)|broken|broke|buggy|outages?|down (?:again|constantly|all the time|every)|terrible|awful|horrible|worst|useless|garbage|rubbish|disappoint\w*|frustrat\w*|unreliable|unstable|never (?:works?|arrive\w*|on time|load\w*|sync\w*)|(?:doesn'?t|does not|don'?t|never) work|not working|keeps? (?:breaking|failing|crashing|dying)|(?:nobody|no one)\s+(?:seems to\s+)?(?:cares?|responds?|answers?|helps?|replies)|waste of (?:money|time)|poor|bad (?:service|support|experience|product)|too slow|so slow|sick of|fed up|had enough|unacceptable|ridiculous|a joke|lost (?:trust|faith|confidence)|not worth|overpriced|constant(?:ly)? (?:issues|problems|errors|failing)|(?:many|so many|too many|constant) (?:bugs|issues|problems|errors|outages)|fails? (?:all the time|constantly|every)|roto|no funciona|pesimo|cass[ea]|ne (?:marche|fonctionne) pas|nul\b|catastroph\w*|kaputt|funktioniert nicht|schrecklich|quebrado|nao funciona|pessimo|rotto|non funziona|kapot|werkt niet|slecht|take\w*\s+forever|forever to load|slow|sluggish|fallan?|falla\w*|nunca\s+(?:contesta|responde)\w*|si\s+romp\w*|di continuo|valt\s+(?:steeds|vaak|telkens|regelmatig)\s+uit|niet goed genoeg|ciagle|zawiesza\w*|b[lł][eę]d\w*|pada|nefunguj\w*|mangelhaft|ne fonctionne jamais|tombe en panne)\b|使えない|最悪|不具合|ひどい|遅すぎ|遅い|苦情|太慢|经常出错/;
// Complaints phrased as what keeps failing or what did not help: "the connector drops out every few days and your docs haven't helped".
const COMPLAINT_MORE =
  /\b(?:drops?|dropping|breaks?|breaking|fails?|failing|crash\w*|disconnects?|goes down|times? out)\s+(?:out\s+)?(?:every\s+(?:few|other|couple|single|\d+)|all the time|constantly|again and again|over and over|(?:several|multiple) times)\b|\b(?:docs?|documentation|support|your\s+(?:team|docs|support|help\s*center|articles?))\s+(?:haven'?t|hasn'?t|didn'?t|don'?t|doesn'?t|never|did not|do not|does not|have not|has not)\s+(?:\w+\s+)?(?:helped|help|worked|work|fixed|fix|solved|solve|resolved)\b|\b(?:never|doesn'?t|does not|didn'?t|did not)\s+(?:works?|worked)\s+(?:properly|reliably|right|as (?:promised|advertised))\b|\btoo (?:buggy|slow|unreliable|expensive for what)\b/;
const NO_COMPLAINT =
  /\bnothing wrong\b|\bno complaints?\b|\bnot because of (?:the )?(?:product|you|lumen|service)\b|\b(?:love|like|liked|loved|enjoy\w*) (?:the product|lumen|it|using)\b|\bgreat product\b|\bhappy with\b|\bnot (?:a|an) (?:complaint|issue with)\b|\bno (?:issue|problem)s? with (?:the product|lumen|you)\b/;

export interface CategoryResult {
  category: AlwaysHumanCategory | null;
  score: number;
  evidence: string | null;
  /** Every category the turn fits, before precedence. */
  matches: AlwaysHumanCategory[];
}

/** The always-human category of the current turn; earlier turns only supply the complaint for a later cancellation. */
export function detectCategory(
  turn: string,
  previousTurns: string[] = [],
  precedence: readonly AlwaysHumanCategory[] = DEFAULT_CATEGORY_PRECEDENCE,
): CategoryResult {
  const t = fold(turn).normalize('NFC').replace(/[’‘]/g, "'");
  const found = new Map<AlwaysHumanCategory, string>();

  const security = has(SECURITY, t);
  if (security && !SECURITY_HYPOTHETICAL.test(t)) found.set('security_incident', security.why);

  const takeover = has(TAKEOVER, t);
  if (takeover) found.set('account_access_takeover', takeover.why);
  // "Someone changed my email; resets go to an address I don't recognise" is a takeover, not a strange sign-in.
  if (
    takeover?.why === 'reports credentials changed by someone else' &&
    security?.why === 'reports sign-ins nobody recognises' &&
    /\b(?:address|e-?mail)\s+(?:that\s+)?(?:i|we)\s+(?:don'?t|do not)\s+recogni[sz]e\b/.test(t) &&
    !/\b(?:log-?ins?|sign-?ins?|sessions?|ips?)\s+from\b/.test(t)
  ) {
    found.delete('security_incident');
  } else if (
    NO_RECOVERY_CODES.test(t) &&
    !HAS_RECOVERY_CODES.test(t) &&
    [t, ...previousTurns.map((p) => fold(p))].some((x) => DEVICE_GONE.test(x))
  ) {
    // The device and the codes may be mentioned in different turns ("new phone" … "never saved the codes").
    found.set('account_access_takeover', 'locked out with no 2FA device and no recovery code');
  }

  // "It isn't in the trash" is data loss only when something in Lumen is missing, not a file elsewhere.
  const missingInLumen = [t, ...previousTurns.map((p) => fold(p))].some((x) => MISSING_IN_LUMEN.test(x));
  const loss = DATA_LOSS.find((r) => r.re.test(t) && (r.why !== 'missing and not in Trash' || missingInLumen));
  const ownDelete =
    OWN_RECENT_DELETE.test(t) &&
    !/\btrash\b[^.?!]*\b(?:empty|nothing)|not (?:in|there in) (?:the )?trash|months? ago|last year/.test(t);
  // Version history is self-service, unless the customer says things vanished that nobody deleted.
  const versionOnly =
    /\bversion history\b|\bprevious version\b/.test(t) &&
    !/\b(?:disappeared|vanished|gone)\b[^.?!]*\b(?:nobody|no one|none of us)\b|\b(?:nobody|no one)\s+deleted\b/.test(t);
  if (loss && !ownDelete && !versionOnly && !DATA_LOSS_NOT.test(t)) found.set('data_loss', loss.why);

  const legal = has(LEGAL, t);
  if (legal) found.set('legal_privacy', legal.why);

  const wrong = has(WRONG_CHARGE, t);
  const refund = has(REFUND_REQUEST, t);
  if (wrong) found.set('billing_dispute', refund ? `${wrong.why} and asks for a refund` : wrong.why);
  else if (
    refund &&
    ACT_ON_REFUND.test(t) &&
    !/\bif\s+(?:we|i|someone|a customer)\b|\bsi\s+(?:cancelamos|cancelo|damos)\b/.test(t)
  )
    found.set('billing_dispute', 'asks for a refund to be processed');
  else if (refund && !POLICY_QUESTION.test(t) && !refundOnlyAsked(t)) found.set('billing_dispute', refund.why);

  if (CANCEL.test(t) && !NO_COMPLAINT.test(t)) {
    const earlier = previousTurns.map((p) => fold(p));
    if (
      COMPLAINT.test(t) ||
      COMPLAINT_MORE.test(t) ||
      earlier.some((p) => (COMPLAINT.test(p) || COMPLAINT_MORE.test(p)) && !NO_COMPLAINT.test(p))
    ) {
      found.set('cancellation_with_complaint', 'asks to cancel and complains about the product or service');
    }
  }

  const matches = precedence.filter((c) => found.has(c));
  const category = matches[0] ?? null;
  return {
    category,
    score: category ? 0.9 : 0,
    evidence: category ? `${found.get(category)}: ${quote(turn)}` : null,
    matches,
  };
}
