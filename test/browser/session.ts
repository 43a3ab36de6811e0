/** One Chromium per browser test file (the bench imports driver.ts outside vitest, so this lives apart). */
import { afterAll, beforeAll } from 'vitest';
import { launch, type Session } from './driver';

/** Launched before the file's tests, closed after them; call the result for the session. */
export function sessionPerFile(baseUrl: string): () => Session {
  let session: Session | undefined;
  beforeAll(async () => {
    session = await launch(baseUrl);
  });
  afterAll(async () => {
    await session?.close();
  });
  return () => {
    if (!session) throw new Error('the browser session is not launched yet (use it inside a test)');
    return session;
  };
}
