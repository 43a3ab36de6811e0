/** The contract's error body: {"error": {"code", "message", "parameter"}} with a 4xx status. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError } from '../../core/api';

export function errorBody(code: string, message: string, parameter?: string): ApiError {
  return { error: parameter ? { code, message, parameter } : { code, message } };
}

export function apiError(c: Context, status: ContentfulStatusCode, code: string, message: string, parameter?: string): Response {
  return c.json(errorBody(code, message, parameter), status, { 'Cache-Control': 'no-store' });
}
