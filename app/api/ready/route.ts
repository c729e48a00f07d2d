import { connection } from 'next/server';
import { checkReadiness } from '@/lib/health/check-readiness';

/** GET /api/ready: 200 when this instance can serve, 503 with the failing checks' reasons otherwise. */
export async function GET() {
  await connection();
  const readiness = await checkReadiness();
  return Response.json(
    { status: readiness.ready ? 'ready' : 'not ready', checks: readiness.checks },
    { status: readiness.ready ? 200 : 503, headers: { 'Cache-Control': 'no-store', ...(readiness.ready ? {} : { 'Retry-After': '5' }) } },
  );
}
