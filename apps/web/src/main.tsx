import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ToastProvider } from './components/Toast';
import { meQueryKey } from './features/auth/session';
import { I18nProvider } from './i18n/i18n';
import { ApiError } from './lib/api';
import './styles.css';
import './print.css';

const queryClient: QueryClient = new QueryClient({
  defaultOptions: {
    queries: {
      refetchOnWindowFocus: false,
      // Retrying cannot change a 4xx answer.
      retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 1,
    },
  },
  queryCache: new QueryCache({ onError: onApiError }),
  mutationCache: new MutationCache({ onError: onApiError }),
});

function onApiError(err: unknown): void {
  // The session ended (expired, revoked, user deactivated): back to the sign-in page.
  if (err instanceof ApiError && err.code === 'unauthenticated') queryClient.setQueryData(meQueryKey, null);
}

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');

createRoot(root, {
  // React recovered from an error in a render by rendering again; say what the error was (its
  // own report names only the recovery).
  onRecoverableError: (err) => {
    const cause = err instanceof Error && err.cause !== undefined ? err.cause : err;
    console.error('a render failed and was redone:', cause instanceof Error ? (cause.stack ?? cause.message) : cause);
  },
}).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <ToastProvider>
          <App />
        </ToastProvider>
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
