// What reaches the log: readable JSON lines, the request they belong to, and
// never a secret or an email address.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { log, logFor, scrubLogFields, setLogLevel } from './log';
import { newRequestContext, requestContext } from './request-context';
import { captureLog, type CapturedLog } from './test-log';

let captured: CapturedLog;

beforeEach(() => {
  captured = captureLog();
});

afterEach(() => {
  captured.restore();
  setLogLevel('info');
});

describe('a line', () => {
  test('is one JSON object with a level label, an ISO time, the concern and the fields', () => {
    logFor('jobs').warn({ event: 'job.failed', job: 'notification-email', attempt: 2 }, 'A job failed');
    const [line] = captured.lines();
    expect(line).toMatchObject({ level: 'warn', concern: 'jobs', event: 'job.failed', job: 'notification-email', attempt: 2, msg: 'A job failed' });
    expect(String(line?.time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(captured.text().trim().split('\n')).toHaveLength(1);
  });

  test('written while a request is handled carries its id and the signed-in user id', () => {
    requestContext.run(newRequestContext('abc123', 'user-1'), () => logFor('email').info({ event: 'email.sent', key: 'notification:1' }));
    logFor('email').info({ event: 'email.sent', key: 'notification:2' });
    expect(captured.lines()).toEqual([
      expect.objectContaining({ reqId: 'abc123', userId: 'user-1', key: 'notification:1' }),
      expect.not.objectContaining({ reqId: expect.anything() }),
    ]);
  });

  test('below LOG_LEVEL is not written, by any concern, and the level can be lowered again', () => {
    const jobs = logFor('jobs');
    setLogLevel('warn');
    jobs.info({ event: 'job.done' });
    log.info({ event: 'server.ready' });
    jobs.warn({ event: 'job.failed' });
    setLogLevel('debug');
    jobs.debug({ event: 'job.polled' });
    expect(captured.lines().map((line) => line.event)).toEqual(['job.failed', 'job.polled']);
  });
});

describe('secrets and email addresses', () => {
  test('fields named like credentials are censored wherever they sit', () => {
    logFor('auth').info({
      event: 'auth.sign_in',
      password: 'hunter22hunter22',
      token: 'reset-token-value',
      headers: { cookie: 'next-auth.session-token=abc', authorization: 'Bearer sekrit-token' },
      detail: { newPassword: 'p4ss', sessionToken: 'x', apiSecret: 's' },
    });
    const text = captured.text();
    for (const secret of ['hunter22', 'reset-token-value', 'session-token=abc', 'sekrit', 'p4ss']) expect(text).not.toContain(secret);
    expect(captured.lines()[0]).toMatchObject({ password: '[redacted]', token: '[redacted]', headers: { cookie: '[redacted]', authorization: '[redacted]' } });
  });

  test('email addresses are masked in fields, messages and errors, and email fields are censored', () => {
    const error = new Error('550 5.1.1 <reader@example.com>: Recipient address rejected');
    logFor('email').error(
      { event: 'email.uncertain', to: 'reader@example.com', email: 'x@y.org', note: 'sent to Someone.Else+tag@mail.example.co.uk', err: error },
      'Mail to reader@example.com failed',
    );
    const text = captured.text();
    expect(text).not.toMatch(/@example\.com|x@y\.org|Someone\.Else/);
    const [line] = captured.lines();
    expect(line).toMatchObject({
      note: 'sent to [email]',
      msg: 'Mail to [email] failed',
      err: { type: 'Error', message: '550 5.1.1 <[email]>: Recipient address rejected' },
    });
  });

  test('errors whose text is only a getter (a timeout’s DOMException) are logged, with their type', () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    logFor('cache').error({ event: 'cache.fill_failed', err: timeout });
    expect(captured.lines()[0]).toMatchObject({ err: { type: 'DOMException', name: 'TimeoutError', message: 'The operation was aborted due to timeout' } });
    const failure = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    logFor('cache').error({ event: 'cache.fill_failed', err: failure });
    expect(captured.lines()[1]).toMatchObject({ err: { type: 'Error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' } });
  });

  test('scrubbing leaves ordinary values alone', () => {
    const fields = { event: 'request', method: 'GET', path: '/articles/a?sort=newest', status: 200, ms: 0.4, tags: ['articles'], at: new Date(0) };
    expect(scrubLogFields(fields)).toEqual(fields);
  });
});
