import type { ReactNode, Ref } from 'react';
import { useI18n } from '../i18n/i18n';

interface ToolButtonProps {
  label: string;
  keys: { shown: string; aria: string };
  active?: boolean;
  disabled: boolean;
  onRun: () => void;
  children: ReactNode;
  ref?: Ref<HTMLButtonElement>;
}

/** A toolbar button: its label and shortcut as the tooltip, pressed while its format applies. */
export function ToolButton({ label, keys, active, disabled, onRun, children, ref }: ToolButtonProps) {
  const { t } = useI18n();
  const title = t('editor.shortcut', { label, keys: keys.shown });
  return (
    <button
      ref={ref}
      type="button"
      className="tool"
      title={title}
      aria-label={label}
      aria-keyshortcuts={keys.aria}
      aria-pressed={active === undefined ? undefined : active}
      disabled={disabled}
      // Keep the text selection where it is: the command acts on it.
      onMouseDown={(e) => e.preventDefault()}
      onClick={onRun}
    >
      {children}
    </button>
  );
}
