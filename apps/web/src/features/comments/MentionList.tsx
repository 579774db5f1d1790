import type { TeamMemberDto } from '@review/shared';
import { useI18n } from '../../i18n/i18n';

interface MentionListProps {
  /** The list's id; its options are `${id}-${index}`, for the field's aria-activedescendant. */
  id: string;
  people: readonly TeamMemberDto[];
  /** The highlighted option. */
  current: number;
  onChoose(person: TeamMemberDto): void;
}

/** The people offered for an `@name`, under the comment field. */
export function MentionList({ id, people, current, onChoose }: MentionListProps) {
  const { t } = useI18n();
  return (
    <ul className="mention-list" role="listbox" id={id} aria-label={t('comments.mentionList')}>
      {people.map((person, i) => (
        <li
          key={person.userId}
          id={`${id}-${i}`}
          role="option"
          aria-selected={i === current}
          className={i === current ? 'mention-option active' : 'mention-option'}
          // Keep the focus (and the caret) in the text field.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onChoose(person)}
        >
          <span className="mention-name">{person.displayName}</span>
          <span className="mention-username">@{person.username}</span>
        </li>
      ))}
    </ul>
  );
}
