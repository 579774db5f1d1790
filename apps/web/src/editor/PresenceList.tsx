import { useI18n } from '../i18n/i18n';
import type { Person } from './presence';
import { initialsOf } from './text-stats';

/** Avatars of the people who have the report open, each in the colour of their caret. */
export function PresenceList({ people }: { people: Person[] }) {
  const { t } = useI18n();
  if (people.length === 0) return null;
  return (
    <ul className="presence" aria-label={t('editor.presence')}>
      {people.map((p) => {
        const label = p.isMe ? t('editor.presenceYou', { name: p.name }) : p.name;
        return (
          <li
            key={p.id}
            className={p.isMe ? 'avatar avatar-me' : 'avatar'}
            style={p.isMe || !p.color ? undefined : { backgroundColor: p.color }}
            title={label}
            data-user-id={p.id}
          >
            <span aria-hidden="true">{initialsOf(p.name)}</span>
            <span className="visually-hidden">{label}</span>
          </li>
        );
      })}
    </ul>
  );
}
