// Brotli for the build's static files, read from a real folder on disk.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaticAssets } from './static-assets';

const script = `console.log(${JSON.stringify('parley '.repeat(500))});`;
let dir: string;
let base: string;
let server: http.Server;
let assets: StaticAssets;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'parley-static-'));
  await mkdir(path.join(dir, 'chunks', 'app', 'articles', '[slug]'), { recursive: true });
  await mkdir(path.join(dir, 'chunks', 'app', '(public)'), { recursive: true });
  await writeFile(path.join(dir, 'chunks', 'main-abc.js'), script);
  await writeFile(path.join(dir, 'chunks', 'app', '(public)', 'layout-abc.js'), script);
  await writeFile(path.join(dir, 'chunks', 'app', 'articles', '[slug]', 'page-abc.js'), script);
  await writeFile(path.join(dir, 'chunks', 'font.woff2'), 'binary');
  await writeFile(path.join(os.tmpdir(), 'parley-secret.js'), 'secret');
  assets = new StaticAssets(dir);
  // What the asset handler does not answer, this stand-in for Next.js does.
  server = http.createServer((request, response) => {
    if (!assets.tryServe(request, response)) response.writeHead(404, { 'x-answered-by': 'next' }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
  await rm(path.join(os.tmpdir(), 'parley-secret.js'), { force: true });
});

const raw = (url: string, encoding = 'gzip, deflate, br') =>
  new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get(`${base}${url}`, { headers: { 'accept-encoding': encoding } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });

describe('static assets', () => {
  it('serves every script of the build Brotli-compressed once warmed, route and route-group folders included', async () => {
    expect(await assets.warm()).toBe(3);
    for (const url of [
      '/_next/static/chunks/main-abc.js',
      '/_next/static/chunks/app/articles/%5Bslug%5D/page-abc.js',
      '/_next/static/chunks/app/(public)/layout-abc.js',
    ]) {
      const response = await raw(url);
      expect(response.status).toBe(200);
      expect(response.headers['content-encoding']).toBe('br');
      expect(response.headers['cache-control']).toContain('immutable');
      expect(brotliDecompressSync(response.body).toString()).toBe(script);
      expect(response.body.byteLength).toBeLessThan(script.length / 10);
    }
  });

  it('leaves browsers without Brotli, other file types and unknown files to Next.js', async () => {
    expect((await raw('/_next/static/chunks/main-abc.js', 'gzip')).headers['x-answered-by']).toBe('next');
    expect((await raw('/_next/static/chunks/font.woff2')).headers['x-answered-by']).toBe('next');
    expect((await raw('/_next/static/chunks/missing.js')).headers['x-answered-by']).toBe('next');
  });

  it('never reads outside the build folder', async () => {
    for (const url of [
      '/_next/static/../parley-secret.js',
      '/_next/static/%2E%2E/%2E%2E/parley-secret.js',
      '/_next/static/chunks/%2e%2e%2f%2e%2e%2fparley-secret.js',
    ]) {
      expect((await raw(url)).headers['x-answered-by']).toBe('next');
    }
    // A later request must not find anything prepared for them either.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await raw('/_next/static/%2E%2E/%2E%2E/parley-secret.js')).headers['x-answered-by']).toBe('next');
  });
});
