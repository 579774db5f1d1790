/** A form's alert: what went wrong that no field explains. Nothing when there is no message. */
export function FormError({ message, className }: { message: string | null | undefined; className?: string }) {
  if (!message) return null;
  return (
    <p className={className ? `form-error ${className}` : 'form-error'} role="alert">
      {message}
    </p>
  );
}
