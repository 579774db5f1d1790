import type { MeDto } from '@review/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../lib/api';

export const meQueryKey = ['me'] as const;

/** The signed-in user, or null when nobody is signed in. */
export function useMe() {
  return useQuery({
    queryKey: meQueryKey,
    queryFn: async () => (await api<{ user: MeDto | null }>('GET', '/auth/session')).user,
    staleTime: 60_000,
  });
}

/**
 * The signed-in user inside the pages behind `RequireAuth`, where one always exists. When the
 * session ends (sign-out, or any request answered 401) a page may render once more before
 * `RequireAuth` above it sends the visitor to the sign-in page; it then sees the user it had,
 * rather than failing that render (which React reports as an uncaught error).
 */
export function useSignedInUser(): MeDto {
  const me = useMe();
  const last = useRef<MeDto | null>(null);
  if (me.data) last.current = me.data;
  if (!last.current) throw new Error('useSignedInUser outside RequireAuth');
  return last.current;
}

export function useLogout() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return useCallback(async () => {
    await api('POST', '/auth/logout').catch(() => undefined);
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== meQueryKey[0] });
    qc.setQueryData(meQueryKey, null);
    await navigate('/login', { replace: true });
  }, [qc, navigate]);
}

/** Where to go after signing in: a path inside the app, never another site. */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next === '/login' || next.startsWith('/login?')) return '/';
  return next;
}
