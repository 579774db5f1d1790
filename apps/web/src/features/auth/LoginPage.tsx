import { type LoginInput, loginSchema, type MeDto } from '@review/shared';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useI18n } from '../../i18n/i18n';
import { api, ApiError } from '../../lib/api';
import { useDocumentTitle } from '../../lib/use-document-title';
import { meQueryKey, safeNextPath, useMe } from './session';

export function LoginPage() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const me = useMe();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useDocumentTitle(t('auth.title'));

  if (me.data) return <Navigate to={safeNextPath(params.get('next'))} replace />;

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const parsed = loginSchema.safeParse({ username: form.get('username'), password: form.get('password') });
    if (!parsed.success) {
      setError(t('auth.missing'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ user: MeDto }>('POST', '/auth/login', parsed.data satisfies LoginInput);
      // Rendering with a user redirects to the page that was asked for.
      qc.setQueryData(meQueryKey, res.user);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'invalid_credentials') setError(t('auth.invalid'));
      else if (err instanceof ApiError && err.code === 'rate_limited') {
        const seconds = err.retryAfterSeconds ?? Number(/(\d+)\s*s/.exec(err.message)?.[1] ?? 60);
        setError(t('auth.rateLimited', { minutes: Math.max(1, Math.ceil(seconds / 60)) }));
      } else if (err instanceof ApiError) setError(t('auth.failed', { message: err.message }));
      else setError(t('error.network'));
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <div className="login-card">
        <div className="login-lang">
          <LanguageSwitch />
        </div>
        <div className="login-brand">
          <span className="brand-seal" aria-hidden="true">
            {t('app.mark')}
          </span>
          <h1>{t('app.name')}</h1>
          <p className="login-tagline">{t('app.tagline')}</p>
        </div>
        <hr className="red-rule" />
        <form onSubmit={onSubmit} noValidate aria-label={t('auth.title')}>
          <div className="field">
            <label htmlFor="login-username">{t('auth.username')}</label>
            <input id="login-username" name="username" autoComplete="username" autoFocus required />
          </div>
          <div className="field">
            <label htmlFor="login-password">{t('auth.password')}</label>
            <input id="login-password" name="password" type="password" autoComplete="current-password" required />
          </div>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button primary block" disabled={busy}>
            {busy ? t('auth.submitting') : t('auth.submit')}
          </button>
        </form>
        <p className="login-foot">{t('auth.help')}</p>
      </div>
    </main>
  );
}
