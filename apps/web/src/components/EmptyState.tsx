import type { ReactNode } from 'react';

interface EmptyStateProps {
  title: string;
  /** `h1` when the state is the whole page (not found, no access). */
  titleAs?: 'h1' | 'h2' | 'p';
  children?: ReactNode;
  action?: ReactNode;
}

/** What an empty list means and what the user can do about it. */
export function EmptyState({ title, titleAs: Title = 'p', children, action }: EmptyStateProps) {
  return (
    <div className="empty-state">
      <Title className="empty-title">{title}</Title>
      {children && <p className="empty-text">{children}</p>}
      {action && <div className="empty-action">{action}</div>}
    </div>
  );
}
