import { type FormEvent, useCallback, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import {
  type FieldErrors,
  type FieldMessages,
  fieldErrorsFromApi,
  fieldErrorsFromIssues,
  type FormIssue,
  generalError,
} from './forms';

/** What the forms need of a shared zod schema (structural, so any schema from @review/shared fits). */
export interface FormSchema<Output = unknown> {
  safeParse(input: unknown):
    | { success: true; data: Output; error?: undefined }
    | { success: false; data?: undefined; error: { issues: readonly FormIssue[] } };
}

/** The data a schema gives when the input is valid. */
export type SchemaOutput<S extends FormSchema> = Extract<ReturnType<S['safeParse']>, { success: true }>['data'];

export interface ZodFormOptions<Values, S extends FormSchema> {
  /** The schema the server applies too (from @review/shared). */
  schema: S;
  /** The fields' values when the form opens. */
  initial: Values | (() => Values);
  /** What the schema checks, from the values (e.g. with fields that are held elsewhere); the values themselves by default. */
  toInput?: (values: Values) => unknown;
  /** Messages instead of the generic ones for the schema's issues, per field. */
  messages?: FieldMessages;
  /** Checks the schema cannot make, or messages more to the point than its own; per field they win. */
  check?: (values: Values) => FieldErrors;
  /** The values were refused before anything was sent (e.g. to move the focus to the field). */
  onInvalid?: (errors: FieldErrors) => void;
  /** Nothing is sent while set (e.g. what the request needs is still loading). */
  blocked?: boolean;
  /** Sends the validated data; throws what the server answered. */
  submit: (data: SchemaOutput<S>, values: Values) => Promise<unknown>;
  /** Messages for the server's field problems (`validation_failed`), per field; `messages` by default. */
  serverMessages?: FieldMessages;
  /**
   * Field messages for a failure. `standard` holds those of the server's validation issues; the
   * default keeps them all. Return only those the form shows, or add what another answer means for a field.
   */
  failureFields?: (error: unknown, standard: FieldErrors) => FieldErrors;
  /**
   * The form's own message for a failure, read when rendering (so that it may name what is current);
   * null when nothing more is to be said. By default the general message, unless a field explains it.
   */
  failureMessage?: (error: unknown, fieldsShown: boolean) => string | null;
  /** Side effects of a failure (fetch again, reset a field); awaited before the failure shows. */
  onFailure?: (error: unknown) => void | Promise<void>;
}

export interface ZodForm<Values> {
  values: Values;
  set<K extends keyof Values>(field: K, value: Values[K]): void;
  /** Localised message per field, from the schema, the form's own checks or the server. */
  errors: FieldErrors;
  setFieldError(field: string, message: string | undefined): void;
  /** The message no field explains: the form's alert. */
  formError: string | null;
  /** The last failure as it was thrown (for forms that show more than a message), until the next attempt. */
  failure: unknown;
  /** Forgets the failure's message (the field messages stay). */
  clearFailure(): void;
  /** The request is on its way. */
  submitting: boolean;
  /** Validates and sends; for the form's onSubmit, or to call directly. */
  onSubmit(e?: FormEvent): void;
}

interface Failure {
  error: unknown;
  fieldsShown: boolean;
}

/**
 * A form's state on a shared zod schema: its values, validated before sending with the schema
 * the server applies; the server's refusal mapped to the fields (or the form's alert); whether a
 * request is on its way. Every attempt starts afresh: earlier messages go.
 */
export function useZodForm<Values, S extends FormSchema>(options: ZodFormOptions<Values, S>): ZodForm<Values> {
  const { t } = useI18n();
  const [values, setValues] = useState<Values>(options.initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<Failure | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const inFlight = useRef(false);

  const set = useCallback(<K extends keyof Values>(field: K, value: Values[K]) => {
    setValues((prev) => ({ ...prev, [field]: value }));
  }, []);
  const setFieldError = useCallback((field: string, message: string | undefined) => {
    setErrors((prev) => ({ ...prev, [field]: message }));
  }, []);
  const clearFailure = useCallback(() => setFailure(null), []);

  async function send() {
    const o = options;
    setFailure(null);
    const parsed = o.schema.safeParse(o.toInput ? o.toInput(values) : values);
    const invalid: FieldErrors = {
      ...(parsed.success ? {} : fieldErrorsFromIssues(parsed.error.issues, t, o.messages)),
      ...o.check?.(values),
    };
    if (!parsed.success || hasErrors(invalid)) {
      setErrors(invalid);
      o.onInvalid?.(invalid);
      return;
    }
    setErrors({});
    inFlight.current = true;
    setSubmitting(true);
    try {
      await o.submit(parsed.data, values);
      setSubmitting(false);
    } catch (error) {
      setSubmitting(false);
      await o.onFailure?.(error);
      const standard = fieldErrorsFromApi(error, t, o.serverMessages ?? o.messages);
      const fields = o.failureFields ? o.failureFields(error, standard) : standard;
      setErrors(fields);
      setFailure({ error, fieldsShown: hasErrors(fields) });
    } finally {
      inFlight.current = false;
    }
  }

  function onSubmit(e?: FormEvent) {
    e?.preventDefault();
    if (options.blocked || inFlight.current) return;
    void send();
  }

  let formError: string | null = null;
  if (failure) {
    formError = options.failureMessage
      ? options.failureMessage(failure.error, failure.fieldsShown)
      : failure.fieldsShown
        ? null
        : generalError(failure.error, t);
  }

  return {
    values,
    set,
    errors,
    setFieldError,
    formError,
    failure: failure?.error ?? null,
    clearFailure,
    submitting,
    onSubmit,
  };
}

function hasErrors(errors: FieldErrors): boolean {
  return Object.values(errors).some(Boolean);
}

/** Only the messages of the given fields (those a form shows). */
export function pickFields(errors: FieldErrors, fields: readonly string[]): FieldErrors {
  const picked: FieldErrors = {};
  for (const field of fields) if (errors[field]) picked[field] = errors[field];
  return picked;
}
