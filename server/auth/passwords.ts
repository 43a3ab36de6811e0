/**
 * Passwords: Argon2id (@node-rs/argon2) with OWASP's parameters (19 MiB, 2 passes, 1 lane).
 * A sign-in for an unknown or disabled account verifies against a dummy hash made with the same
 * parameters, so that a wrong user and a wrong password take the same time.
 */
import { hash, verify } from '@node-rs/argon2';

export const ARGON2_PARAMS = { algorithm: 2 /* Algorithm.Argon2id (a const enum) */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 1024;

/** Why a new password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  if ([...password].length < PASSWORD_MIN) return `A password needs at least ${PASSWORD_MIN} characters.`;
  if (password.length > PASSWORD_MAX) return `A password may have at most ${PASSWORD_MAX} characters.`;
  return undefined;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_PARAMS);
}

let dummy: Promise<string> | undefined;

/** Whether `password` matches `stored`; with `stored` null (no such account) it spends the same work and says no. */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (password.length > PASSWORD_MAX) return false;
  if (stored === null) {
    dummy ??= hashPassword('not a password of anyone');
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
