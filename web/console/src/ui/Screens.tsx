import { ApprovalsScreen } from './money/ApprovalsScreen';
import { KnowledgeScreen } from './knowledge/KnowledgeScreen';
import { NumbersScreen } from './numbers/NumbersScreen';
import { PolicyScreen } from './policy/PolicyScreen';
import { TeamScreen } from './team/TeamScreen';
import { go, href, parseRoute, type Screen } from './router';

const LABEL: Record<Screen, string> = {
  inbox: 'Inbox',
  approvals: 'Approvals',
  knowledge: 'Knowledge',
  policy: 'Policy',
  numbers: 'Numbers',
  team: 'Team',
};

/** The console's screens; admins take no conversations, so their bar has no inbox or approvals. */
export function ScreenNav({ current, admin }: { current: Screen; admin: boolean }) {
  const screens: Screen[] = admin
    ? ['numbers', 'knowledge', 'policy', 'team']
    : ['inbox', 'approvals', 'knowledge', 'policy', 'numbers', 'team'];
  return (
    <nav class="screens" aria-label="Screens">
      <ul>
        {screens.map((s) => (
          <li key={s}>
            <a
              href={href({ ...parseRoute(), screen: s, item: null, conversationId: null })}
              aria-current={s === current ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                go(s);
              }}
            >
              {LABEL[s]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function Screens({ screen, item }: { screen: Screen; item: string | null }) {
  return (
    <main class="screen" aria-label={LABEL[screen]}>
      {screen === 'approvals' && <ApprovalsScreen />}
      {screen === 'knowledge' && <KnowledgeScreen item={item} />}
      {screen === 'policy' && <PolicyScreen />}
      {screen === 'numbers' && <NumbersScreen />}
      {screen === 'team' && <TeamScreen />}
    </main>
  );
}
