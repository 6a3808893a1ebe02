/**
 * A server's answer: the data, or the error with the HTTP status when the server gave one (none when the request
 * never got an answer: offline, refused, aborted). A `Reply` wherever one is expected.
 */
export type HttpReply<T> = { ok: true; data: T } | { ok: false; error: string; status?: number };

/** GETs JSON from the server with the page's token; failures become `{ ok: false, error, status }`, never throws. */
export async function getJson<T>(path: string, token: string): Promise<HttpReply<T>> {
  return request<T>(path, token, { method: 'GET' });
}

/** POSTs JSON to the server with the page's token. */
export async function postJson<T>(path: string, token: string, body: unknown): Promise<HttpReply<T>> {
  return request<T>(path, token, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
}

async function request<T>(path: string, token: string, init: RequestInit): Promise<HttpReply<T>> {
  try {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    const res = await fetch(path, { ...init, headers });
    const body = (await res.json().catch(() => null)) as unknown;
    if (!res.ok) {
      const error = body && typeof body === 'object' && 'error' in body ? String((body as { error: unknown }).error) : `HTTP ${res.status}`;
      return { ok: false, error, status: res.status };
    }
    return { ok: true, data: body as T };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
