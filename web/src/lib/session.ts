/** Who is signed in (GET/POST/DELETE /api/session): small enough for every visitor's bundle. */
export interface SessionInfo {
  username: string;
  role: 'viewer' | 'editor' | 'admin';
  counties: string[] | null;
}

export async function currentSession(): Promise<SessionInfo | null> {
  // Only after a sign-in (the server sets this readable hint beside the HttpOnly session cookie):
  // anonymous visitors never ask, so they never see a 401 in the console.
  if (!/(^|;\s*)sgm_signed_in=/.test(document.cookie)) return null;
  try {
    const res = await fetch('/api/session', { headers: { accept: 'application/json' }, cache: 'no-store' });
    return res.ok ? ((await res.json()) as SessionInfo) : null;
  } catch {
    return null;
  }
}

export async function signOut(): Promise<void> {
  await fetch('/api/session', { method: 'DELETE' });
}

export const canEdit = (s: SessionInfo | null): boolean => s?.role === 'editor' || s?.role === 'admin';

/** The message of an API error body (`{"error": {"message"}}`), or the HTTP status when it gave none. */
export async function errorMessage(res: Response): Promise<string> {
  try {
    return ((await res.json()) as { error?: { message?: string } }).error?.message ?? `HTTP ${res.status}`;
  } catch {
    return `HTTP ${res.status}`;
  }
}
