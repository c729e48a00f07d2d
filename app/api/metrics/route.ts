import { connection } from 'next/server';
import { metricsResponse } from '@/lib/metrics/metrics-response';

/** GET /api/metrics: Prometheus metrics for whoever holds METRICS_TOKEN (README "Operations"). */
export async function GET(request: Request) {
  await connection();
  return metricsResponse(request);
}
