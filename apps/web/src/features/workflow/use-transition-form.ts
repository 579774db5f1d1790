import { actionsOf, type MeDto, type ReportDto, type TransitionInput, transitionSchema, type WorkflowAction } from '@review/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../i18n/i18n';
import type { FieldErrors } from '../../lib/forms';
import { pickFields, useZodForm } from '../../lib/use-zod-form';
import { actorFor } from '../reports/relation';
import { reportKeys } from '../reports/reports.api';
import { reportIsStale, transitionErrorText } from './transition-errors';
import { useTransition } from './workflow.api';

export interface TransitionDialogProps {
  /** The report as the page knows it now; refetched after a conflict. */
  report: ReportDto;
  me: MeDto;
  onClose(): void;
  onDone(action: WorkflowAction, report: ReportDto): void;
}

type Extra = Omit<TransitionInput, 'action' | 'expectedRevision'>;

interface TransitionFormOptions<Values> {
  initial: Values;
  /** What the action sends besides itself and the report's revision. */
  extra?: (values: Values) => Extra;
  /** Messages more to the point than the schema's (e.g. why a field is required here). */
  check?: (values: Values) => FieldErrors;
  onInvalid?: (errors: FieldErrors) => void;
  /** Not ready to send yet (e.g. the hash to sign is still loading). */
  notReady?: boolean;
  /** The fields at which the dialog shows the server's messages; all by default. */
  fields?: readonly string[];
  /** Field messages for a failure, when more than the server's validation issues go to a field. */
  failureFields?: (error: unknown, standard: FieldErrors) => FieldErrors;
  /** The dialog's own reading of a failure (null: shown elsewhere); undefined for the usual text. */
  failureMessage?: (error: unknown, fieldsShown: boolean) => string | null | undefined;
  onFailure?: (error: unknown) => void;
}

/**
 * The form of one transition dialog: sends the action with the report's current revision,
 * validated with the shared schema, and says what a refusal means. `allowed` follows the shared
 * rules for the report as it is now: when someone else moved it on, the action is gone.
 */
export function useTransitionForm<Values>(props: TransitionDialogProps, action: WorkflowAction, options: TransitionFormOptions<Values>) {
  const { t } = useI18n();
  const { report, me } = props;
  const qc = useQueryClient();
  const transition = useTransition(report.id);
  const allowed = actionsOf(report, actorFor(me, report)).includes(action);

  const form = useZodForm({
    schema: transitionSchema,
    initial: options.initial,
    toInput: (values) => ({ action, expectedRevision: report.revision, ...options.extra?.(values) }),
    check: options.check,
    onInvalid: options.onInvalid,
    blocked: !allowed || options.notReady,
    submit: async (input) => props.onDone(action, await transition.mutateAsync(input)),
    onFailure: (err) => {
      // Someone else moved the report: show its new state, so the user decides again.
      if (reportIsStale(err)) void qc.invalidateQueries({ queryKey: reportKeys.one(report.id) });
      options.onFailure?.(err);
    },
    failureFields: (err, standard) => {
      if (options.failureFields) return options.failureFields(err, standard);
      return options.fields ? pickFields(standard, options.fields) : standard;
    },
    failureMessage: (err, fieldsShown) => {
      const own = options.failureMessage?.(err, fieldsShown);
      if (own !== undefined) return own;
      return fieldsShown ? null : transitionErrorText(err, t, report);
    },
  });
  return { form, allowed };
}
