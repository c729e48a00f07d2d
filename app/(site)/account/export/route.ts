import { exportMyData } from '@/lib/auth/export-my-data';
import { errorResponse } from '@/lib/errors';

export async function GET() {
  try {
    const data = await exportMyData();
    return new Response(JSON.stringify(data, null, 2), {
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="parley-my-data-${data.exportedAt.slice(0, 10)}.json"`,
        'Cache-Control': 'no-store',
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
