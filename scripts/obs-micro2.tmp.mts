import pino from 'pino';
import { scrubLogFields } from '../lib/log.ts';
import { requestContext } from '../lib/request-context.ts';
const dest = pino.destination({ dest: '/tmp/obs-micro/variants.log', sync: false });
const base = { formatters: { level: (label: string) => ({ level: label }) }, timestamp: pino.stdTimeFunctions.isoTime };
const variants: Record<string, pino.LoggerOptions> = {
  plain: base,
  scrub: { ...base, formatters: { ...base.formatters, log: (f: Record<string, unknown>) => scrubLogFields(f) as Record<string, unknown> } },
  redactWildcard: { ...base, redact: { paths: ['password', 'token', 'email', 'cookie', 'authorization', 'headers.cookie', 'headers.authorization', '*.password', '*.token', '*.email', '*.cookie'], censor: '[redacted]' } },
  redactTop: { ...base, redact: { paths: ['password', 'token', 'email', 'cookie', 'authorization', 'headers.cookie', 'headers.authorization'], censor: '[redacted]' } },
  mixin: { ...base, mixin() { const c = requestContext.getStore(); return c ? { reqId: c.requestId } : {}; } },
};
const fields = () => ({ event: 'request', reqId: '73f726f3-31c1-4f7e-b281-4dab2ea90b04', method: 'GET', path: '/articles/russia-and-iran-navigating-a-complex-geopolitical-alliance', route: '/articles/[slug]', status: 200, ms: 0.3, cache: 'HIT' });
const loggers = Object.fromEntries(Object.entries(variants).map(([k, o]) => [k, pino(o, dest).child({ concern: 'http' })]));
const results: Record<string, number[]> = {};
for (let r = 0; r < 7; r++) for (const [k, l] of Object.entries(loggers)) {
  const s = process.cpuUsage();
  for (let i = 0; i < 30000; i++) l.info(fields());
  const u = process.cpuUsage(s);
  (results[k] ??= []).push((u.user + u.system) / 30000);
  await new Promise((res) => setTimeout(res, 50));
}
for (const [k, xs] of Object.entries(results)) console.log(k.padEnd(16), xs.sort((a, b) => a - b)[3]!.toFixed(2), 'µs');
dest.flushSync(); process.exit(0);
