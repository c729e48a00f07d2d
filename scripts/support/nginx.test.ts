import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { localServer } from './nginx';

const parleyConf = () => readFile(path.join(import.meta.dirname, '../../deploy/nginx/parley.conf'), 'utf8');

describe("deploy/nginx/parley.conf adapted for this machine's nginx", () => {
  test('keeps the per-client request limits of the deployment by default', async () => {
    const conf = localServer(await parleyConf(), 8091, '/tmp/parley-cache');
    expect(conf).toMatch(/^\s*listen 127\.0\.0\.1:8091;$/m);
    expect(conf).toContain('proxy_cache_path /tmp/parley-cache ');
    expect([...conf.matchAll(/^[ \t]*limit_req zone=(\w+)/gm)].map((m) => m[1])).toEqual(['parley_writes', 'parley_api', 'parley_writes']);
  });

  test('leaves out only the limit_req lines for the bench, whose load generator is one client address', async () => {
    const original = await parleyConf();
    const conf = localServer(original, 8091, '/tmp/parley-cache', { perClientLimits: false });
    expect(conf).not.toMatch(/^[ \t]*limit_req /m);
    // The zones stay defined (unused), and nothing else changes.
    expect(conf).toContain('limit_req_zone $parley_write_client zone=parley_writes');
    expect(conf.split('\n').length).toBe(localServer(original, 8091, '/tmp/parley-cache').split('\n').length - 3);
  });
});
