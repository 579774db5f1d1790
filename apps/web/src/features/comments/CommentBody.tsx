import { splitMentions } from './mentions';

/** A body's text with `@username` of team members shown as their names. */
export function CommentBody({ text, names }: { text: string; names: ReadonlyMap<string, string> }) {
  return (
    <p className="comment-body">
      {splitMentions(text, new Set(names.keys())).map((part, i) =>
        part.mention ? (
          <span key={i} className="mention" title={part.text}>
            @{names.get(part.mention)}
          </span>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </p>
  );
}
