// Violation reports from browsers: both formats, validation, the size limit and the log budget.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TokenBucket } from '@/lib/rate-limit/token-bucket';
import { captureLog } from '@/lib/test-log';
import { cspReportMaxBytes, parseCspReport, receiveCspReport } from './csp-report';

// As Chromium sends them for report-uri and report-to.
const legacy = {
  'csp-report': {
    'document-uri': 'https://parley.example/articles/a-slug?comment=abc#comment-abc',
    referrer: 'https://parley.example/',
    'violated-directive': 'script-src-elem',
    'effective-directive': 'script-src-elem',
    'original-policy': "default-src 'self'; script-src 'strict-dynamic'",
    disposition: 'enforce',
    'blocked-uri': 'inline',
    'line-number': 12,
    'column-number': 3,
    'source-file': 'https://parley.example/articles/a-slug?comment=abc',
    'status-code': 200,
    'script-sample': 'alert(document.cookie)',
  },
};
const reportingApi = [
  { type: 'deprecation', url: 'https://parley.example/', body: { id: 'x', message: 'y' } },
  {
    type: 'csp-violation',
    age: 10,
    url: 'https://parley.example/signin',
    user_agent: 'Mozilla/5.0',
    body: {
      documentURL: 'https://parley.example/signin?callbackUrl=%2F',
      blockedURL: 'https://evil.example/x.js?session=secret',
      effectiveDirective: 'script-src-elem',
      originalPolicy: "script-src 'strict-dynamic'",
      disposition: 'enforce',
      statusCode: 200,
    },
  },
];

const post = (body: string, contentType: string | null, headers: Record<string, string> = {}) =>
  new Request('http://localhost/api/csp-report', { method: 'POST', body, headers: { ...(contentType ? { 'content-type': contentType } : {}), ...headers } });

afterEach(() => vi.restoreAllMocks());

describe('parseCspReport', () => {
  it('reads a report-uri report: the page and what was blocked, without query strings', () => {
    expect(parseCspReport('application/csp-report', JSON.stringify(legacy))).toEqual([
      {
        documentUrl: 'https://parley.example/articles/a-slug',
        blocked: 'inline',
        directive: 'script-src-elem',
        disposition: 'enforce',
        sourceFile: 'https://parley.example/articles/a-slug',
        line: 12,
        column: 3,
        sample: 'alert(document.cookie)',
      },
    ]);
  });

  it('reads the CSP violations of a Reporting API batch and skips its other reports', () => {
    expect(parseCspReport('application/reports+json; charset=utf-8', JSON.stringify(reportingApi))).toEqual([
      {
        documentUrl: 'https://parley.example/signin',
        blocked: 'https://evil.example/x.js',
        directive: 'script-src-elem',
        disposition: 'enforce',
        sourceFile: undefined,
        line: undefined,
        column: undefined,
        sample: undefined,
      },
    ]);
  });

  it('refuses anything else: other media types, bad JSON, the wrong shape', () => {
    expect(parseCspReport('application/json', JSON.stringify(legacy))).toBeNull();
    expect(parseCspReport(null, JSON.stringify(legacy))).toBeNull();
    expect(parseCspReport('application/csp-report', '{"csp-report":')).toBeNull();
    expect(parseCspReport('application/csp-report', JSON.stringify({ report: {} }))).toBeNull();
    expect(parseCspReport('application/reports+json', JSON.stringify(legacy))).toBeNull();
    expect(parseCspReport('application/reports+json', JSON.stringify([{ type: 'csp-violation', body: { documentURL: 42 } }]))).toBeNull();
  });
});

describe('receiveCspReport', () => {
  it('logs each violation as one line and answers 204', async () => {
    const log = captureLog();
    try {
      expect(await receiveCspReport(post(JSON.stringify(legacy), 'application/csp-report'))).toEqual({ status: 204 });
    } finally {
      log.restore();
    }
    expect(log.lines()).toHaveLength(1);
    const line = log.lines()[0];
    expect(line).toMatchObject({ level: 'warn', event: 'csp-violation', documentUrl: 'https://parley.example/articles/a-slug', blocked: 'inline' });
    expect(JSON.stringify(line)).not.toContain('Mozilla');
  });

  it('answers 400 to what is not a CSP report and 413 past the size limit, without reading further', async () => {
    expect(await receiveCspReport(post('hello', 'text/plain'))).toEqual({ status: 400 });
    const huge = JSON.stringify({ 'csp-report': { 'document-uri': 'x'.repeat(cspReportMaxBytes) } });
    expect(await receiveCspReport(post(huge, 'application/csp-report'))).toEqual({ status: 413 });
    // A body larger than it says it is: counted as it arrives.
    const request = post(huge, 'application/csp-report');
    Object.defineProperty(request, 'headers', { value: new Headers({ 'content-type': 'application/csp-report', 'content-length': '10' }) });
    expect(await receiveCspReport(request)).toEqual({ status: 413 });
  });

  it('stops logging a flood and says how many lines it dropped', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const log = captureLog();
    try {
      // Long after the tests above: the log's budget is full again.
      vi.setSystemTime(Date.now() + 3_600_000);
      const batch = JSON.stringify(Array.from({ length: 40 }, () => reportingApi[1]));
      expect(await receiveCspReport(post(batch, 'application/reports+json'))).toEqual({ status: 204 });
      expect(log.lines()).toHaveLength(30);
      vi.setSystemTime(Date.now() + 1_000);
      await receiveCspReport(post(JSON.stringify(legacy), 'application/csp-report'));
      expect(log.lines()).toHaveLength(31);
      expect(log.lines()[30]).toMatchObject({ event: 'csp-violation', suppressedBefore: 10 });
    } finally {
      log.restore();
      vi.useRealTimers();
    }
  });
});

describe('TokenBucket', () => {
  it('allows its capacity at once, then its refill rate', () => {
    let now = 0;
    const bucket = new TokenBucket(3, 1, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now += 500;
    expect(bucket.take()).toBe(false);
    now += 500;
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now += 60_000;
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });
});
