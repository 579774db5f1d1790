import type { TemplateDto } from '@review/shared';
import { useId } from 'react';
import { useI18n } from '../../i18n/i18n';
import './content.css';

/** The template a new report starts from when the user picks none: the empty one. */
export const BLANK_TEMPLATE_ID = 'blank';

/** The preselected template: blank when the server has it, else the first listed. */
export function defaultTemplateId(templates: readonly TemplateDto[] | undefined): string | undefined {
  if (!templates || templates.length === 0) return undefined;
  return (templates.find((t) => t.id === BLANK_TEMPLATE_ID) ?? templates[0])?.id;
}

interface TemplatePickerProps {
  templates: readonly TemplateDto[] | undefined;
  isPending: boolean;
  failed: boolean;
  onRetry(): void;
  value: string | undefined;
  onChange(template: TemplateDto): void;
  error?: string;
}

/**
 * The templates as a group of radio cards (name and one-line description). Native radios, so
 * the arrow keys move the choice and Tab leaves the group, as everywhere else.
 */
export function TemplatePicker({ templates, isPending, failed, onRetry, value, onChange, error }: TemplatePickerProps) {
  const { t } = useI18n();
  const name = useId();
  const hintId = `${name}-hint`;
  const errorId = `${name}-error`;

  return (
    <fieldset
      className={error ? 'template-picker has-error' : 'template-picker'}
      aria-describedby={error ? errorId : hintId}
    >
      <legend>{t('content.templates.legend')}</legend>
      {isPending && <p className="field-hint">{t('content.templates.loading')}</p>}
      {failed && (
        <p className="field-hint template-failed">
          {t('content.templates.failed')}{' '}
          <button type="button" className="link-button" onClick={onRetry}>
            {t('common.retry')}
          </button>
        </p>
      )}
      {templates && templates.length > 0 && (
        <div className="template-options">
          {templates.map((template) => {
            const checked = template.id === value;
            return (
              <label key={template.id} className={checked ? 'template-option is-checked' : 'template-option'}>
                <input
                  type="radio"
                  name={name}
                  value={template.id}
                  checked={checked}
                  onChange={() => onChange(template)}
                />
                <span className="template-text">
                  <span className="template-name">{template.name}</span>
                  <span className="template-description">{template.description}</span>
                </span>
              </label>
            );
          })}
        </div>
      )}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : (
        <p id={hintId} className="field-hint">
          {t('content.templates.hint')}
        </p>
      )}
    </fieldset>
  );
}
