/**
 * Session ids and API tokens: 32 random bytes, base64url. Only their SHA-256 is stored, so a
 * copy of the store (a backup, a snapshot) signs nobody in. High-entropy secrets need no slow hash.
 */
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'sgm_';

export const newSecret = (): string => randomBytes(32).toString('base64url');
export const newToken = (): string => TOKEN_PREFIX + newSecret();
export const digest = (secret: string): string => createHash('sha256').update(secret).digest('hex');
/** A short public id of a token (for listing and revoking): the start of its digest. */
export const tokenId = (hash: string): string => hash.slice(0, 12);
