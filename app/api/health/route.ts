import { connection } from 'next/server';

/** GET /api/health: the process is up and answering (liveness). Touches nothing else. */
export async function GET() {
  await connection();
  return Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
}
