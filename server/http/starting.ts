/**
 * What the server answers while its store is not ready yet (PostGIS: connecting, migrating,
 * loading): 503 with Retry-After, `starting` in the contract's error shape for the API.
 */
import { Hono } from 'hono';
import { errorBody } from './errors';

export function startingApp(reason: () => string) {
  const app = new Hono();
  app.all('*', (c) => {
    c.header('Retry-After', '2');
    c.header('Cache-Control', 'no-store');
    if (c.req.path.startsWith('/api')) return c.json(errorBody('starting', reason()), 503);
    return c.text(`Starting: ${reason()}`, 503);
  });
  return app;
}
