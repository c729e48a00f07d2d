// Refused server action requests leave one line in the log; real errors keep
// their stack trace; nothing outside a possible action request changes.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { captureLog, type CapturedLog } from '../lib/test-log';
import { handleLoggingRefusals, logRefusalsInOneLine, mayBeServerAction, refusalReason } from './action-refusals';

const actionPost = { method: 'POST', url: '/signin?callbackUrl=%2F', headers: { 'next-action': '7f00aa', 'content-type': 'text/plain;charset=UTF-8' } };
const formPost = { method: 'POST', url: '/articles/a-slug', headers: { 'content-type': 'multipart/form-data; boundary=x' } };
const pageGet = { method: 'GET', url: '/signin', headers: {} };

const unknownAction = new Error(
  'Failed to find Server Action "7f00aa". This request might be from an older or newer deployment.\nRead more: https://nextjs.org/docs/messages/failed-to-find-server-action',
);

let captured: CapturedLog | undefined;

/** A console whose warn and error are wrapped, and what reached the real ones (and our one-line log). */
function wrappedConsole() {
  const warn = vi.fn<(...args: unknown[]) => void>();
  const error = vi.fn<(...args: unknown[]) => void>();
  const target = { warn, error };
  logRefusalsInOneLine(target);
  captured = captureLog();
  return { target, warn, error, logged: () => captured!.lines() };
}

afterEach(() => {
  captured?.restore();
  captured = undefined;
  vi.restoreAllMocks();
});

describe('which requests may be server actions', () => {
  test('a POST with Next-Action, or any multipart POST; not a GET or a JSON POST', () => {
    expect(mayBeServerAction(actionPost)).toBe(true);
    expect(mayBeServerAction(formPost)).toBe(true);
    expect(mayBeServerAction(pageGet)).toBe(false);
    expect(mayBeServerAction({ method: 'POST', url: '/api/internal/revalidate', headers: { 'content-type': 'application/json' } })).toBe(false);
  });
});

describe('refusals', () => {
  test.each([
    ['an unknown action id', unknownAction],
    ['a malformed action id', new Error('The Server Reference ID did not match the expected format. Received "x".')],
    ['arguments that are not JSON', new SyntaxError("Expected property name or '}' in JSON at position 1")],
    ['a multipart body cut short', new Error('Unexpected end of form')],
    ['a form body that is not a form', new TypeError('Failed to parse body as FormData.')],
    ['a body over the limit', Object.assign(new Error('Body exceeded 2097152 limit.\nTo configure the body size limit...'), { statusCode: 413 })],
  ])('%s is a refusal, named by its first line', (_case, error) => {
    expect(refusalReason(error)).toBe(error.message.split('\n')[0]);
  });

  test.each([
    ['a database failure', new Error('connect ECONNREFUSED 127.0.0.1:5432')],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a string', 'Failed to find Server Action'],
  ])('%s is not', (_case, value) => {
    expect(refusalReason(value)).toBeNull();
  });
});

describe('the console during a request', () => {
  test('a refusal during a possible action request is one line with the path, once per request, and no stack', () => {
    const { target, warn, error, logged } = wrappedConsole();
    handleLoggingRefusals(actionPost, () => {
      target.warn(unknownAction);
      target.error('⨯', unknownAction);
    });
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
    expect(logged()).toEqual([
      expect.objectContaining({
        level: 'warn',
        event: 'action.refused',
        method: 'POST',
        path: '/signin',
        reason: 'Failed to find Server Action "7f00aa". This request might be from an older or newer deployment.',
      }),
    ]);
  });

  test('each request gets its line, also across awaits', async () => {
    const { target, logged } = wrappedConsole();
    await Promise.all(
      [actionPost, formPost].map((request) =>
        handleLoggingRefusals(request, async () => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          target.error('⨯', new SyntaxError('Unexpected token'));
        }),
      ),
    );
    expect(logged().map((line) => line.path)).toEqual(['/signin', '/articles/a-slug']);
  });

  test('a real error during an action request is logged as it was, stack and all', () => {
    const { target, error, logged } = wrappedConsole();
    const failure = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    handleLoggingRefusals(actionPost, () => target.error('⨯', failure));
    expect(error).toHaveBeenCalledWith('⨯', failure);
    expect(logged()).toEqual([]);
  });

  test('outside a possible action request nothing changes', () => {
    const { target, warn, logged } = wrappedConsole();
    handleLoggingRefusals(pageGet, () => target.warn(unknownAction));
    target.warn(unknownAction);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(logged()).toEqual([]);
  });
});
