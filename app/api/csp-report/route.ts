import { receiveCspReport } from '@/lib/security/csp-report';

/** POST /api/csp-report: browsers' Content-Security-Policy violation reports (report-uri and report-to), logged. */
export async function POST(request: Request) {
  const { status } = await receiveCspReport(request);
  return new Response(null, { status });
}
