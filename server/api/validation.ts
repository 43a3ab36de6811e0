/** Turns schema failures into the contract's error body, naming the parameter and what is allowed. */
import type { Context } from 'hono';
import type { ZodError } from 'zod';
import { errorBody } from '../http/errors';

interface HookResult {
  success: boolean;
  error?: ZodError;
  target?: string;
}

export function describeIssue(error: ZodError, timesGiven: (name: string) => number = () => 1): { parameter?: string; message: string } {
  const issue = error.issues[0];
  if (!issue) return { message: 'Invalid request.' };
  if (issue.code === 'unrecognized_keys') {
    const key = String(issue.keys[0]).slice(0, 40);
    return { parameter: key, message: `Unknown parameter "${key}"; this endpoint takes no such parameter (see /api/openapi.json).` };
  }
  const parameter = issue.path.length ? String(issue.path[0]) : undefined;
  const times = parameter ? timesGiven(parameter) : 1;
  if (issue.code === 'invalid_type' && times > 1)
    return { parameter, message: `Parameter "${parameter}" was given ${times} times; give it once, with values separated by commas.` };
  if (issue.code === 'invalid_type')
    return { parameter, message: `Parameter "${parameter}" must be a single text value.` };
  return { parameter, message: issue.message };
}

export function validationHook(result: HookResult, c: Context) {
  if (result.success || !result.error) return;
  const { parameter, message } = describeIssue(result.error, (name) => c.req.queries(name)?.length ?? 0);
  return c.json(errorBody('bad_parameter', message, parameter), 400, { 'Cache-Control': 'no-store' });
}
