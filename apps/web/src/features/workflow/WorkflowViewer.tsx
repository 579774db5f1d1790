import type { VersionDto } from '@review/shared';
import { useEffect, useRef } from 'react';
import { DiffView } from './DiffView';
import { VersionView } from './VersionView';
import type { WorkflowView } from './workflow-model';

interface WorkflowViewerProps {
  reportId: string;
  view: WorkflowView;
  /** The user may replace the content with a version (edit access now). */
  canRestore: boolean;
  onOpenView(view: WorkflowView): void;
  onRestore(version: VersionDto): void;
  onClose(): void;
}

/**
 * Shown in place of the editor (which stays connected underneath): one version read-only, or
 * the redline between two versions or a version and now. Escape or "back" returns to the text.
 */
export function WorkflowViewer(props: WorkflowViewerProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const sectionRef = useRef<HTMLElement>(null);
  const { reportId, view, onClose } = props;
  const viewKey = view.kind === 'version' ? view.versionId : `${view.from}:${view.to}`;

  useEffect(() => {
    const heading = headingRef.current;
    if (!heading) return;
    heading.focus({ preventScroll: true });
    // Bring the view's top into sight (on narrow screens it sits below the side panel).
    const top = heading.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight * 0.6) sectionRef.current?.scrollIntoView({ block: 'start' });
  }, [viewKey]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !document.querySelector('dialog[open]')) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <section ref={sectionRef} className="viewer" aria-labelledby="viewer-title" data-view={view.kind}>
      {view.kind === 'version' ? (
        <VersionView
          reportId={reportId}
          versionId={view.versionId}
          canRestore={props.canRestore}
          onOpenView={props.onOpenView}
          onRestore={props.onRestore}
          onClose={onClose}
          headingRef={headingRef}
        />
      ) : (
        <DiffView reportId={reportId} from={view.from} to={view.to} since={view.since ?? false} onClose={onClose} headingRef={headingRef} />
      )}
    </section>
  );
}
