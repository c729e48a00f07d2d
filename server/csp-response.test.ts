// The wrapper around Next's handler, on a real loopback server: handlers here
// write their responses the ways Next.js does (headers set, then flushHeaders
// and chunks; or writeHead with headers, then end).
import { createHash } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGunzip, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withContentSecurityPolicy } from './csp-response';
import { hashSource } from './html-csp';

const bootstrap = '(self.__next_f=self.__next_f||[]).push([0])';
const payload = `self.__next_f.push(${JSON.stringify([1, 'x'.repeat(4000)])})`;
const html = `<!DOCTYPE html><html><head></head><body><p>${'Long read. '.repeat(200)}</p><script>${bootstrap}</script><script>${payload}</script></body></html>`;
const globalError = '/_next/static/chunks/app/global-error-1.js';
const globalErrorIntegrity = `sha256-${createHash('sha256').update('global error').digest('base64')}`;

/** Lets a streaming handler go on once the test has seen its first chunk. */
let releaseStream: () => void = () => {};

const routes: Record<string, (request: IncomingMessage, response: ServerResponse) => Promise<void> | void> = {
  // As Next.js streams a page: headers set, flushHeaders, then chunks, each followed by flush().
  '/page': async (request, response) => {
    response.statusCode = 200;
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.setHeader('content-security-policy', "frame-ancestors 'none'");
    if (request.method === 'HEAD') return void response.end();
    response.flushHeaders();
    for (let i = 0; i < html.length; i += 1000) {
      response.write(Buffer.from(html.slice(i, i + 1000)));
      (response as ServerResponse & { flush?: () => void }).flush?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    response.end();
  },
  '/write-head': (_request, response) => {
    response.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<html><body><script src="${globalError}" async=""></script></body></html>`);
  },
  '/json': async (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-security-policy': "frame-ancestors 'none'" });
    response.write('{"first":true,');
    (response as ServerResponse & { flush?: () => void }).flush?.();
    await new Promise<void>((resolve) => (releaseStream = resolve));
    response.end('"second":true}');
  },
  '/events': async (_request, response) => {
    response.setHeader('content-type', 'text/event-stream; charset=utf-8');
    response.setHeader('cache-control', 'no-cache, no-transform');
    response.flushHeaders();
    response.write(`event: count\ndata: ${'1'.repeat(2000)}\n\n`);
    (response as ServerResponse & { flush?: () => void }).flush?.();
    await new Promise<void>((resolve) => (releaseStream = resolve));
    response.end('event: count\ndata: 2\n\n');
  },
  '/not-modified': (_request, response) => {
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.setHeader('content-security-policy', "frame-ancestors 'none'");
    response.statusCode = 304;
    response.end();
  },
};

let server: http.Server;
let base: string;

beforeAll(async () => {
  const handle = withContentSecurityPolicy(
    async (request, response) => {
      // As Next.js does (server/lib/patch-set-header.js): setHeader is ignored once headers are sent.
      const setHeader = response.setHeader.bind(response);
      response.setHeader = (name, value) => (response.headersSent ? response : setHeader(name, value));
      await routes[request.url ?? '']?.(request, response);
    },
    { buildScripts: new Map([[globalError, globalErrorIntegrity]]), formActionOrigins: ['https://github.com'], reportPath: '/api/csp-report' },
  );
  server = http.createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

function get(path: string, headers: http.OutgoingHttpHeaders = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}${path}`, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    request.on('error', reject);
    request.end();
  });
}

/** The first chunk of a response (decompressed), while its handler still waits for releaseStream. */
function firstChunk(path: string, acceptEncoding: string): Promise<{ headers: http.IncomingHttpHeaders; chunk: string; rest: Promise<string> }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${path}`, { headers: { 'accept-encoding': acceptEncoding } }, (response) => {
        const body: NodeJS.ReadableStream = response.headers['content-encoding'] === 'gzip' ? response.pipe(createGunzip()) : response;
        let rest = '';
        const ended = new Promise<string>((done) => body.on('end', () => done(rest)));
        body.once('data', (chunk: Buffer) => {
          body.on('data', (more: Buffer) => (rest += more.toString()));
          resolve({ headers: response.headers, chunk: chunk.toString(), rest: ended });
        });
      })
      .on('error', reject);
  });
}

describe('withContentSecurityPolicy', () => {
  it('sends a streamed HTML page whole, with the policy of its own scripts and the reporting endpoint', async () => {
    const { status, headers, body } = await get('/page');
    expect(status).toBe(200);
    expect(body.toString()).toBe(html);
    expect(headers['content-length']).toBe(String(Buffer.byteLength(html)));
    const policy = headers['content-security-policy'] ?? '';
    expect(policy).toContain(`script-src 'strict-dynamic' ${hashSource(bootstrap)} ${hashSource(payload)} 'unsafe-inline' https: 'report-sample'`);
    expect(policy).toContain("form-action 'self' https://github.com");
    expect(policy).toContain('report-to csp');
    expect(headers['reporting-endpoints']).toBe('csp="/api/csp-report"');
  });

  it('compresses a rendered response in gzip, not Brotli, for clients that accept both; the policy is the same', async () => {
    const plain = await get('/page');
    const gzip = await get('/page', { 'accept-encoding': 'gzip, deflate, br' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toBe(html);
    expect(gzip.headers['content-security-policy']).toBe(plain.headers['content-security-policy']);
    expect(gzip.headers.vary).toMatch(/accept-encoding/i);
  });

  it('sends a rendered response uncompressed to a client that accepts only Brotli', async () => {
    const brotliOnly = await get('/page', { 'accept-encoding': 'br' });
    expect(brotliOnly.headers['content-encoding']).toBeUndefined();
    expect(brotliOnly.body.toString()).toBe(html);
  });

  it('takes headers given to writeHead, keeps the status, and sends the body with integrity added where Next.js left it out', async () => {
    const { status, headers, body } = await get('/write-head');
    expect(status).toBe(404);
    const sent = `<html><body><script src="${globalError}" async="" integrity="${globalErrorIntegrity}"></script></body></html>`;
    expect(body.toString()).toBe(sent);
    expect(headers['content-length']).toBe(String(Buffer.byteLength(sent)));
    expect(headers['content-security-policy']).toContain(`'${globalErrorIntegrity}'`);
  });

  it('sends the policy of an empty page for HEAD, with no body', async () => {
    const { status, headers, body } = await get('/page', {}, 'HEAD');
    expect(status).toBe(200);
    expect(body.byteLength).toBe(0);
    expect(headers['content-security-policy']).toContain("script-src 'strict-dynamic' 'unsafe-inline' https: 'report-sample'");
  });

  it('leaves JSON as it is written: unbuffered (each chunk flushed through compression, as Next.js flushes), its own headers', async () => {
    const { headers, chunk, rest } = await firstChunk('/json', 'gzip');
    expect(headers['content-encoding']).toBe('gzip');
    expect(chunk).toBe('{"first":true,');
    expect(headers['content-security-policy']).toBe("frame-ancestors 'none'");
    expect(headers['reporting-endpoints']).toBeUndefined();
    releaseStream();
    expect(await rest).toBe('"second":true}');
  });

  it('leaves an event stream unbuffered and uncompressed (no-transform)', async () => {
    const { headers, chunk, rest } = await firstChunk('/events', 'gzip, br');
    expect(chunk).toBe(`event: count\ndata: ${'1'.repeat(2000)}\n\n`);
    expect(headers['content-encoding']).toBeUndefined();
    expect(headers['content-security-policy']).toBeUndefined();
    releaseStream();
    expect(await rest).toBe('event: count\ndata: 2\n\n');
  });

  it("sends no policy with a 304, which would replace the stored page's", async () => {
    const { status, headers } = await get('/not-modified');
    expect(status).toBe(304);
    expect(headers['content-security-policy']).toBeUndefined();
  });
});
