import assert from 'node:assert/strict';
import type { ApiErrorBody, ErrorCode } from '@review/shared';
import { DEMO_PASSWORD } from './server.js';

export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A tiny HTTP client that keeps the session cookie, like a browser would. */
export class ApiClient {
  cookie: string | undefined;

  constructor(
    readonly baseUrl: string,
    private readonly extraHeaders: Record<string, string> = {},
  ) {}

  async request<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const h: Record<string, string> = { ...this.extraHeaders, ...headers };
    if (this.cookie) h.cookie = this.cookie;
    let payload: string | undefined;
    if (body !== undefined) {
      h['content-type'] ??= 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await fetch(`${this.baseUrl}/api${path}`, { method, headers: h, body: payload });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('review_sid='));
    if (setCookie) {
      const value = setCookie.split(';')[0] ?? '';
      this.cookie = value === 'review_sid=' ? undefined : value;
    }
    const text = await res.text();
    let parsed: unknown = text;
    if (res.headers.get('content-type')?.includes('application/json') && text) parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = unknown>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = unknown>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {});
  }
  patch<T = unknown>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body);
  }
  delete<T = unknown>(path: string) {
    return this.request<T>('DELETE', path);
  }

  async login(username: string, password = DEMO_PASSWORD): Promise<this> {
    const res = await this.post('/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return this;
  }
}

export async function loginAs(baseUrl: string, username: string, password?: string): Promise<ApiClient> {
  return new ApiClient(baseUrl).login(username, password);
}

/** Asserts an error response in the contract's shape. */
export function assertError(res: Reply, status: number, code: ErrorCode): ApiErrorBody {
  const body = res.body as ApiErrorBody;
  assert.equal(res.status, status, `expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.body)}`);
  assert.equal(body.error, code);
  assert.equal(body.status, status);
  assert.equal(typeof body.message, 'string');
  return body;
}
