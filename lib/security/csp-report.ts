// Content-Security-Policy violation reports, as browsers send them to
// /api/csp-report (server/html-csp.ts names it in report-uri and report-to):
// parsed, reduced to what tells which page broke which rule, and logged.
import 'server-only';
import { z } from 'zod';
import { logFor } from '@/lib/log';
import { TokenBucket } from '@/lib/rate-limit/token-bucket';
import { readLimitedBody } from './read-limited-body';

/** No real report comes near this: one violation with a 40-character sample and the policy is ~2 kB. */
export const cspReportMaxBytes = 16 * 1024;

export type CspViolation = {
  /** The page, without its query or fragment. */
  documentUrl: string;
  /** What was refused: a URL (without query), or "inline", "eval", ... */
  blocked: string;
  directive: string;
  disposition: string;
  sourceFile?: string;
  line?: number;
  column?: number;
  /** The browser's first characters of a refused inline script: the evidence of an injection. */
  sample?: string;
};

const text = (max: number) => z.string().max(max);
const position = z.number().int().nonnegative().optional();

// report-uri: Content-Type application/csp-report, one violation.
const legacyReport = z.object({
  'csp-report': z.object({
    'document-uri': text(4096),
    'blocked-uri': text(4096).optional(),
    'violated-directive': text(256).optional(),
    'effective-directive': text(256).optional(),
    disposition: text(16).optional(),
    'source-file': text(4096).optional(),
    'line-number': position,
    'column-number': position,
    'script-sample': text(256).optional(),
  }),
});

// report-to (Reporting API): Content-Type application/reports+json, a batch
// of reports of any type sent to that endpoint; only CSP violations are ours.
const reportingApiBatch = z
  .array(
    z.object({
      type: text(64),
      url: text(4096).optional(),
      body: z.record(z.string(), z.unknown()).optional(),
    }),
  )
  .max(100);

const cspViolationBody = z.object({
  documentURL: text(4096),
  blockedURL: text(4096).optional(),
  effectiveDirective: text(256),
  disposition: text(16).optional(),
  sourceFile: text(4096).optional(),
  lineNumber: position,
  columnNumber: position,
  sample: text(256).optional(),
});

/** A URL without its query string and fragment (they can carry tokens); keywords such as "inline" as they are. */
function withoutQuery(url: string): string {
  return url.replace(/[?#].*$/s, '').slice(0, 512);
}

/** The violations in a report body, or null when it is not a CSP report of either kind. */
export function parseCspReport(contentType: string | null, body: string): CspViolation[] | null {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  if (mediaType === 'application/csp-report') {
    const parsed = legacyReport.safeParse(json);
    if (!parsed.success) return null;
    const report = parsed.data['csp-report'];
    return [
      {
        documentUrl: withoutQuery(report['document-uri']),
        blocked: withoutQuery(report['blocked-uri'] ?? ''),
        directive: report['effective-directive'] ?? report['violated-directive'] ?? '',
        disposition: report.disposition ?? 'enforce',
        sourceFile: report['source-file'] === undefined ? undefined : withoutQuery(report['source-file']),
        line: report['line-number'],
        column: report['column-number'],
        sample: report['script-sample'],
      },
    ];
  }
  if (mediaType === 'application/reports+json') {
    const batch = reportingApiBatch.safeParse(json);
    if (!batch.success) return null;
    const violations: CspViolation[] = [];
    for (const report of batch.data) {
      if (report.type !== 'csp-violation') continue;
      const body = cspViolationBody.safeParse(report.body);
      if (!body.success) return null;
      violations.push({
        documentUrl: withoutQuery(body.data.documentURL),
        blocked: withoutQuery(body.data.blockedURL ?? ''),
        directive: body.data.effectiveDirective,
        disposition: body.data.disposition ?? 'enforce',
        sourceFile: body.data.sourceFile === undefined ? undefined : withoutQuery(body.data.sourceFile),
        line: body.data.lineNumber,
        column: body.data.columnNumber,
        sample: body.data.sample,
      });
    }
    return violations;
  }
  return null;
}

export type CspReportOutcome = { status: 204 } | { status: 400 | 413 };

// Anyone can post reports, and one broken page reports on every view: the
// log takes a burst of 30, then one a second, per process. A per-process
// count is enough here: it bounds what each instance writes, and what it
// drops is counted, in the next line it writes.
const logBudget = new TokenBucket(30, 1);
let suppressed = 0;

function logViolation(violation: CspViolation): void {
  if (!logBudget.take()) {
    suppressed++;
    return;
  }
  logFor('csp').warn({ event: 'csp-violation', ...violation, ...(suppressed ? { suppressedBefore: suppressed } : {}) });
  suppressed = 0;
}

/** Handles one POST to the report endpoint: 204 once logged, 400 for anything that is not a CSP report, 413 past the size limit. */
export async function receiveCspReport(request: Request): Promise<CspReportOutcome> {
  const body = await readLimitedBody(request, cspReportMaxBytes);
  if (body === null) return { status: 413 };
  const violations = parseCspReport(request.headers.get('content-type'), body);
  if (!violations) return { status: 400 };
  for (const violation of violations) logViolation(violation);
  return { status: 204 };
}
