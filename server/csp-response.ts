// Every HTML page Next.js answers leaves with the Content-Security-Policy of
// its own bytes (server/html-csp.ts); then everything is compressed.
//
// An HTML response is held until Next.js ends it: its policy lists the hash of
// every script in it, so it is known only at the end. Everything else (JSON,
// RSC payloads, event streams, files) goes through as Next.js writes it,
// unbuffered. Next.js's own compression is off (next.config.js: it would
// compress the page before its policy could be computed), so the `compression`
// middleware, the one Next.js itself uses, now does that job here: the same
// behaviour for every response (flushed with each chunk Next.js writes; event
// streams, sent `no-transform`, untouched), in gzip (see gzipAtMost).
//
// The page cache fills itself by requesting pages from this same handler, so
// a cached page is stored with its policy and served with it, byte for byte.
import { readFile } from 'node:fs/promises';
import { type IncomingMessage, OutgoingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import compression from 'compression';
import Negotiator from 'negotiator';
import { signInProviderOrigins } from '../lib/auth/configured-providers';
import { logFor } from '../lib/log';
import { type ContentSecurityPolicyOptions, contentSecurityPolicyFor, reportingEndpointsFor } from './html-csp';

type Method<Result> = (this: ServerResponse, ...args: unknown[]) => Result;
type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;
// `compression` is plain Node.js middleware (Next.js calls it the same way); its types are Express's.
type Middleware = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

/** Where browsers report violations: app/api/csp-report/route.ts. */
export const cspReportPath = '/api/csp-report';

/**
 * The policy's settings for the production build in `distDir`: its scripts'
 * integrity from Next's SRI manifest (experimental.sri in next.config.js), and
 * the origins of the sign-in providers this deployment has.
 */
export async function policyOptionsFor(distDir: string): Promise<ContentSecurityPolicyOptions> {
  const file = path.join(distDir, 'server', 'subresource-integrity-manifest.json');
  const manifest = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  // Keys are paths under the build folder ("static/chunks/..."), served under /_next/.
  const buildScripts = new Map(Object.entries(manifest).map(([file, integrity]) => [`/_next/${file}`, integrity]));
  // Read when called, not when this module loads: lib/env reads the
  // environment once, after server/main.ts has set PORT and NODE_ENV.
  const { env } = await import('../lib/env');
  return { buildScripts, formActionOrigins: signInProviderOrigins(env), reportPath: cspReportPath };
}

// eslint-disable-next-line @typescript-eslint/unbound-method -- the original getter, called with the response as `this`
const headersSent = Object.getOwnPropertyDescriptor(OutgoingMessage.prototype, 'headersSent')?.get;

/**
 * What the compression middleware is told the client accepts: gzip at most,
 * never Brotli. Brotli's encoder sets up a window of megabytes for every
 * stream, and with the launcher's malloc settings (server/launch.mjs) those
 * come fresh from the kernel each time: measured with the bench's posting
 * scenario, a 2.8 kB server-action answer cost 23 ms of server CPU in Brotli,
 * 10 ms in gzip and 9.5 ms uncompressed, for 1.9 kB against 1.9 kB. What is
 * compressed once and sent many times (cached pages, server/http-cache.ts;
 * static files, server/static-assets.ts) is Brotli still.
 */
function gzipAtMost(request: IncomingMessage): IncomingMessage {
  const accepted = new Negotiator(request).encoding(['gzip', 'identity']) ?? 'identity';
  return Object.create(request, { headers: { value: { ...request.headers, 'accept-encoding': accepted } } }) as IncomingMessage;
}

/** Wraps Next's request handler. */
export function withContentSecurityPolicy(handle: Handler, options: ContentSecurityPolicyOptions): Handler {
  const compress = compression() as unknown as Middleware;
  return (request, response) => {
    compress(gzipAtMost(request), response, () => {});
    holdHtml(request, response, options);
    return handle(request, response);
  };
}

function isHtml(contentType: ReturnType<ServerResponse['getHeader']>): boolean {
  return /^\s*text\/html\b/i.test(String(contentType ?? ''));
}

function toBuffer(chunk: unknown, encoding: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
}

/** Applies writeHead's arguments as setHeader calls, which is what writeHead does with them. */
function applyWriteHead(response: ServerResponse, args: unknown[]): void {
  const [status, second, third] = args;
  if (typeof status === 'number') response.statusCode = status;
  if (typeof second === 'string') response.statusMessage = second;
  const headers = typeof second === 'string' ? third : second;
  if (Array.isArray(headers)) {
    // The raw form: [name, value, name, value, ...].
    for (let i = 0; i + 1 < headers.length; i += 2) response.setHeader(String(headers[i]), headers[i + 1] as string | string[]);
  } else if (headers && typeof headers === 'object') {
    for (const [name, value] of Object.entries(headers)) if (value !== undefined) response.setHeader(name, value as string | number | string[]);
  }
}

/**
 * Replaces the response's writing methods: once Next.js starts the response
 * (writeHead, flushHeaders, the first write or end), an HTML body is held,
 * anything else passes through. Next.js sees an HTML response as started
 * (headersSent) while it is held, as it would be.
 */
function holdHtml(request: IncomingMessage, response: ServerResponse, options: ContentSecurityPolicyOptions): void {
  // Called with the arguments Next.js passed, whichever of their overloads that was.
  // The methods being replaced, each called with the response as `this`.
  /* eslint-disable @typescript-eslint/unbound-method */
  const writeHead = response.writeHead as Method<ServerResponse>;
  const write = response.write as Method<boolean>;
  const end = response.end as Method<ServerResponse>;
  const flushHeaders = response.flushHeaders as Method<void>;
  /* eslint-enable @typescript-eslint/unbound-method */
  let mode: 'undecided' | 'holding' | 'through' = 'undecided';
  const chunks: Buffer[] = [];

  const decide = () => {
    if (mode !== 'undecided') return;
    if (response.statusCode === 304) {
      // A 304 updates the headers of the page the browser (or a cache) has
      // stored: it must not replace that page's policy with another one.
      response.removeHeader('content-security-policy');
      mode = 'through';
    } else {
      mode = isHtml(response.getHeader('content-type')) ? 'holding' : 'through';
    }
  };

  const send = (callback?: () => void) => {
    const held = Buffer.concat(chunks);
    const html = held.toString('utf8');
    const page = contentSecurityPolicyFor(html, options);
    const body = page.html === html ? held : Buffer.from(page.html, 'utf8');
    // Now the headers really go out; until here Next.js saw them as sent (and
    // its patched setHeader ignores calls once they are).
    mode = 'through';
    if (page.refused.length > 0) {
      logFor('csp').warn({ event: 'csp-script-refused', path: (request.url ?? '').split('?')[0], scripts: page.refused.slice(0, 3), count: page.refused.length });
    }
    response.setHeader('content-security-policy', page.policy);
    response.setHeader('reporting-endpoints', reportingEndpointsFor(options));
    response.removeHeader('transfer-encoding');
    if (request.method !== 'HEAD') response.setHeader('content-length', body.byteLength);
    if (callback) response.once('finish', callback);
    end.call(response, request.method === 'HEAD' ? undefined : body);
  };

  Object.defineProperty(response, 'headersSent', {
    configurable: true,
    get: () => mode === 'holding' || Boolean(headersSent?.call(response)),
  });

  Object.assign(response, {
    writeHead(...args: unknown[]) {
      if (mode === 'through') return writeHead.apply(response, args);
      applyWriteHead(response, args);
      decide();
      return mode === 'holding' ? response : writeHead.call(response, response.statusCode, response.statusMessage);
    },
    flushHeaders() {
      decide();
      if (mode === 'through') flushHeaders.call(response);
    },
    write(chunk: unknown, encoding?: unknown, callback?: unknown) {
      decide();
      if (mode === 'through') return write.call(response, chunk, encoding, callback);
      chunks.push(toBuffer(chunk, encoding));
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') process.nextTick(done);
      return true;
    },
    end(chunk?: unknown, encoding?: unknown, callback?: unknown) {
      decide();
      if (mode === 'through') return end.call(response, chunk, encoding, callback);
      const done = [chunk, encoding, callback].find((argument) => typeof argument === 'function') as (() => void) | undefined;
      if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') {
        chunks.push(toBuffer(chunk, encoding));
      }
      send(done);
      return response;
    },
  });
}
