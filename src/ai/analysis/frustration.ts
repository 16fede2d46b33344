import { contentTerms, fold, quote, uniq } from './text';

/**
 * FRUSTRATION (labelling rule 3): a repeated question, explicit anger or frustrated profanity, ALL CAPS with
 * urgency, or "this is the Nth time" (N >= 2). Mild annoyance, caps without urgency, enthusiastic profanity,
 * calm recurrence, "first time" and progress reports score below the 0.5 threshold.
 */

export type FrustrationSignal =
  'REPEATED_SAME_QUESTION' | 'EXPLICIT_ANGER_OR_PROFANITY' | 'ALL_CAPS_WITH_URGENCY' | 'NTH_TIME';

export interface FrustrationResult {
  score: number;
  signals: FrustrationSignal[];
  evidence: string | null;
}

const ANGER =
  /\b(?:kabul edilemez|rezalet|sa[cç]mal[iı]k|inakzeptabel|onacceptabel|niedopuszczaln\w*|skandaliczn\w*|nep[rř]ijateln\w*|oacceptabel\w*|inadmissible|inadmisible|inaceitavel|scandal\w*|outrageous|disgusting|appalling|unbelievably bad|furious|livid|outraged|infuriat\w*|unacceptable|useless|ridiculous|absurd|pathetic|incompetent|disgrace\w*|kidding me|are you kidding|you'?re kidding|is this a joke|what a joke|joke of a|worst|terrible|horrible|awful|garbage|rubbish|sick (?:and tired )?of|fed up|had enough|beyond frustrat\w*|(?:so|very|really|extremely|incredibly|seriously|beyond) (?:frustrated|angry|annoyed|pissed|mad|upset)|angry|pissed(?: off)?|fuming|enraged|waste of (?:my )?(?:time|money)|how (?:hard|difficult) can it be|absolutely (?:useless|ridiculous|unacceptable)|inaceptable|furios[oa]|hart[oa]|inutil|ridicul[oa]|es una broma|inacceptable|furieux|furieuse|ridicule|c'est une blague|j'en ai marre|inakzeptabel|wutend|nutzlos|lacherlich|reicht mir|inaceitavel|estou farto|inaccettabile|sono stufo|onacceptabel|woedend|nutteloos|belachelijk|completement nul|c'est nul|n'importe quoi|rezalet|berbat|skandal\w*|katastrof\w*|vergonha|vergogna|vergonzoso|schande|beschamend|hrozne|otresne)\b|ふざけ|最悪|使えない|いい加減|ありえない|怒っ/;
const PROFANITY =
  /\b(?:wtf|what the (?:hell|heck|fuck|f)|the hell|damn(?:ed|it)?|goddamn\w*|shit\w*|fuck\w*|f\*+k\w*|bullshit|crap|crappy|bloody hell|screw this|mierda|joder|merde|putain|scheisse|verdammt|merda|porra|cazzo|kut|godverdomme|klote)\b/;
const POSITIVE_NEAR =
  /\b(?:awesome|amazing|great|love|loving|cool|nice|brilliant|beautiful|good|works?|worked|perfect|incredible|excellent|thanks|thank you|yes|finally|easy|fast|impressive|genial|genial|super|geil|top|exactly what|what (?:we|i) (?:needed|wanted)|pasada|que bien|increible|wow|yay|chouette|toll|fantastic\w*)\b|!+\s*(?:thanks|love)/;
const MILD =
  /\b(?:ugh|meh|kinda annoying|a bit (?:annoying|frustrat\w*)|slightly (?:annoying|frustrat\w*)|little (?:annoying|frustrat\w*)|somewhat)\b/;

const REASK =
  /\b(?:you (?:still )?(?:didn'?t|did not|haven'?t|have not|never|still haven'?t|still have not) (?:actually |really )?(?:answer|respond|address|read|told|tell|explain|show|shown|said|say)\w*|(?:still|yet) (?:no|not an?) answer|(?:that'?s|that is|this is) not (?:an answer|what i asked)|(?:didn'?t|did not|doesn'?t|does not) answer (?:my|the) question|not what i (?:asked|meant)|(?:i|we) (?:already |just )?asked\b|as i (?:said|asked|wrote|mentioned)|(?:i'?ll|let me) ask (?:again|one more time)|answer (?:my|the) question|read my (?:question|message)|asking again|again:|once again|repeat(?:ing)? (?:myself|my question)|no respondiste|no has respondido|ya pregunte|vous n'avez pas repondu|j'ai deja demande|sie haben (?:meine frage )?nicht beantwortet|ich habe (?:schon|bereits) gefragt|voce nao respondeu|ja perguntei|non hai risposto|ho gia chiesto|je hebt (?:mijn vraag )?niet beantwoord|ik vroeg al)\b|答えになっていない|質問に答えて/;
// "Otra vez: …", "Nochmal: …" at the start of a sentence re-ask the question; "我再问一次", "다시 묻습니다" in CJK.
const REASK_FOREIGN =
  /(?:^|[.!?¡¿]\s*)(?:otra vez|una vez mas|nochmal|noch einmal|encore une fois|je repete|di nuovo|ancora una volta|de novo|mais uma vez|nog een keer|nogmaals|jeszcze raz|znowu|znovu|jeste jednou|igen|en gang till|tekrar)\s*[:,]|再问一次|再問一次|我再问|もう一度(?:聞|質問|お聞き)|다시\s*(?:묻|질문|여쭙)|또\s*묻/;

const NUMBER_WORDS: Record<string, number> = {
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  fifth: 5,
  '5th': 5,
  sixth: 6,
  '6th': 6,
  seventh: 7,
  '7th': 7,
  eighth: 8,
  '8th': 8,
  ninth: 9,
  '9th': 9,
  tenth: 10,
  '10th': 10,
  umpteenth: 10,
  nth: 10,
  millionth: 10,
  hundredth: 10,
};
const COUNT_WORDS: Record<string, number> = {
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  several: 3,
  multiple: 3,
  many: 3,
  countless: 5,
  numerous: 3,
  twice: 2,
};
const PROBLEM_VERBS = String.raw`(?:ask\w*|report\w*|told|tell|contact\w*|writ\w*|wrote|messag\w*|email\w*|rais\w*|open\w*|submitt\w*|explain\w*|happen\w*|fail\w*|broke\w*|break\w*|crash\w*|died|die|dropp\w*|gone down|went down|disconnect\w*|stopp\w*|expired|reset|occurr\w*|go(?:ne)? through this|deal\w* with|experienc\w*|see\w*|seen|get|got|getting)`;

function nthTime(t: string): string | null {
  const ord =
    t.match(/\b(?:for\s+)?the\s+(\w+)\s+time\b/) ??
    t.match(
      /\b(\w+)\s+time\s+(?:i'?m|i am|we'?re|we are|i'?ve|we'?ve|i have|this|that|in|it'?s|it has|asking|reporting|now)\b/,
    );
  if (ord) {
    const n = NUMBER_WORDS[ord[1]] ?? (/^\d+(?:st|nd|rd|th)$/.test(ord[1]) ? parseInt(ord[1], 10) : 0);
    if (n >= 2) return ord[0];
  }
  const count = t.match(
    new RegExp(
      String.raw`\b${PROBLEM_VERBS}\b[^.?!]{0,40}?\b(twice|(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|multiple|many|countless|numerous)\s+times)\b`,
    ),
  );
  if (count) {
    const w = count[1].split(/\s+/)[0];
    const n = COUNT_WORDS[w] ?? parseInt(w, 10);
    if (
      n >= 2 &&
      !/\bhow\s+(?:many|often)\b/.test(count[0]) &&
      !/\btried\b|\bclicked\b|\bretried\b|\brestarted\b|\breconnected\b/.test(count[0])
    )
      return count[0];
  }
  const before = t.match(
    /\b(twice|(?:\d+|two|three|four|five|six|several|multiple|many)\s+times)\s+(?:now|already|this (?:week|month|morning|year)|today|in (?:a|one|two) (?:week|day|month)s?)\b/,
  );
  if (before) {
    const w = before[1].split(/\s+/)[0];
    if ((COUNT_WORDS[w] ?? parseInt(w, 10)) >= 2) return before[0];
  }
  const foreign =
    t.match(
      /\b(?:(?:segunda|tercera|cuarta|quinta|enesima) vez|(?:deuxieme|troisieme|quatrieme|cinquieme|nieme|enieme) fois|(?:zweite|dritte|vierte|funfte|x-te)n? mal|(?:segunda|terceira|quarta|quinta) vez|(?:seconda|terza|quarta|quinta|ennesima) volta|(?:tweede|derde|vierde|vijfde) keer|po(?:druhe|treti|ctvrte|pate)|(?:andra|tredje|fjarde|femte) gangen|(?:drugi|trzeci|czwarty|piaty|kolejny) raz|(?:ikinci|ucuncu|dorduncu|besinci) (?:kez|defa))\b|[2-9２-９]回目|何度も|何回も|第[二三四五六七八九十2-9]次/,
    ) ?? t.normalize('NFC').match(/(?:두|세|네|다섯|여러)\s*번째|[2-9]\s*번째/);
  return foreign ? foreign[0] : null;
}

const URGENCY =
  /\b(?:now|right now|asap|urgent\w*|immediately|emergency|critical|deadline|today|tonight|in (?:an|one|two|\d+) (?:hour|minute)s?|within the hour|by (?:tomorrow|tonight|eod|end of day|\d)|waiting|help|stop|hurry|quickly|due)\b|!{2,}/i;

function capsWithUrgency(turn: string): string | null {
  const letters = turn.match(/\b[A-Za-z][A-Za-z']+\b/g) ?? [];
  const long = letters.filter((w) => w.replace(/'/g, '').length >= 2);
  const caps = long.filter((w) => w === w.toUpperCase());
  const shouted = long.length >= 4 && caps.length / long.length >= 0.7 && caps.length >= 4;
  if (shouted && URGENCY.test(turn)) return 'in capitals, with urgency';
  const capsUrgent = turn.match(/\b(?:NOW|URGENT|ASAP|IMMEDIATELY|EMERGENCY|RIGHT NOW|TODAY)\b/);
  if (capsUrgent && caps.filter((w) => w.length >= 3).length >= 2) return `capitals with ${capsUrgent[0]}`;
  return null;
}

function similarity(a: string, b: string): number {
  const x = new Set(contentTerms(a).terms);
  const y = new Set(contentTerms(b).terms);
  if (x.size === 0 || y.size === 0) return 0;
  const inter = [...x].filter((t) => y.has(t)).length;
  return (inter / Math.min(x.size, y.size)) * 0.5 + (inter / new Set([...x, ...y]).size) * 0.5;
}

const QUESTIONISH =
  /\?|^(?:how|where|what|why|when|which|who|can|could|is|are|do|does|did|will|would|should)\b|\b(?:como|comment|wie|come|hoe|donde|ou|wo|onde|dove|waar)\b|か[？?。]?$/i;
const PROGRESS =
  /\b(?:still|same (?:error|thing|issue|result|problem)|didn'?t (?:work|help|fix)|did not (?:work|help)|doesn'?t (?:work|help)|no luck|tried|i did|we did|done|checked|already did)\b/i;

export function detectFrustration(turn: string, previousTurns: string[] = []): FrustrationResult {
  const signals: FrustrationSignal[] = [];
  const notes: string[] = [];
  const t = fold(turn).normalize('NFC').replace(/[’‘]/g, "'");

  if (previousTurns.length > 0) {
    const reask = REASK.test(t) || REASK_FOREIGN.test(t) || REASK_FOREIGN.test(turn.normalize('NFC'));
    const sim = Math.max(0, ...previousTurns.map((p) => similarity(turn, p)));
    const isQuestion = QUESTIONISH.test(turn.trim());
    if (reask || (isQuestion && sim >= 0.75 && !PROGRESS.test(turn))) {
      signals.push('REPEATED_SAME_QUESTION');
      notes.push(reask ? 'says the question was not answered and asks again' : 'asks the same question again');
    }
  }

  const anger = t.match(ANGER);
  const profanity = t.match(PROFANITY);
  // "useless outside our network" describes a locked-down key, not the customer's mood.
  if (
    anger &&
    !/\bnot (?:that )?(?:useless|terrible|awful|a big deal)\b/.test(t) &&
    !/\buseless\s+(?:outside|without|unless|if|for (?:anyone|attackers)|to (?:anyone|attackers))\b/.test(
      anger[0] === 'useless' ? t : '',
    )
  ) {
    signals.push('EXPLICIT_ANGER_OR_PROFANITY');
    notes.push(`angry: "${anger[0]}"`);
  } else if (profanity) {
    const around = t.slice(Math.max(0, (profanity.index ?? 0) - 40), (profanity.index ?? 0) + profanity[0].length + 40);
    if (!POSITIVE_NEAR.test(around)) {
      signals.push('EXPLICIT_ANGER_OR_PROFANITY');
      notes.push(`profanity: "${profanity[0]}"`);
    }
  }

  const caps = capsWithUrgency(turn);
  if (caps) {
    signals.push('ALL_CAPS_WITH_URGENCY');
    notes.push(caps);
  }

  const nth = /\bfirst time\b/.test(t) && !/\b(?:second|third|\d+(?:nd|rd|th))\b/.test(t) ? null : nthTime(t);
  if (nth) {
    signals.push('NTH_TIME');
    notes.push(`counts the repeats: "${nth}"`);
  }

  const unique = uniq(signals);
  let score =
    unique.length === 0
      ? MILD.test(t)
        ? 0.15
        : /\bfrustrat\w*|annoy\w*/.test(t)
          ? 0.3
          : 0
      : Math.min(1, 0.6 + 0.15 * (unique.length - 1));
  score = Math.round(score * 100) / 100;
  return { score, signals: unique, evidence: unique.length > 0 ? `${notes.join('; ')}: ${quote(turn)}` : null };
}
