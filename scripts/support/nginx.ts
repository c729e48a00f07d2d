// nginx for `npm run cluster` and its tests: the system's nginx, run by this
// process in the foreground with a configuration of its own in a folder of its
// own, made from the very files compose.yaml mounts (deploy/nginx/): the
// upstream list gets this machine's instances, parley.conf its listening port
// and cache folder. Nothing else of them is changed, so what the cluster tests
// prove is what the Docker deployment runs.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(import.meta.dirname, '../..');
const deployDir = path.join(root, 'deploy', 'nginx');

/** The nginx binary: on PATH, or where Debian puts it (sbin is not on every user's PATH). */
export function findNginx(): string {
  const candidates = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), '/usr/sbin', '/usr/local/sbin', '/usr/local/nginx/sbin'].map((dir) =>
    path.join(dir, 'nginx'),
  );
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new Error(
      'nginx was not found (looked on PATH and in /usr/sbin). npm run cluster runs the system nginx in front of the instances: install it with `apt-get install nginx` (Debian/Ubuntu), `dnf install nginx` or `brew install nginx`.',
    );
  }
  return found;
}

/** Replaces `pattern` (which must occur exactly once) in a deploy/nginx file, so a changed file fails here rather than being served half-adapted. */
function replaceOnce(text: string, file: string, pattern: RegExp, replacement: string): string {
  const matches = text.match(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`)) ?? [];
  if (matches.length !== 1) throw new Error(`deploy/nginx/${file}: expected one match of ${pattern} to adapt for npm run cluster, found ${matches.length}.`);
  return text.replace(pattern, replacement);
}

/** deploy/nginx/upstream.conf with its `server` lines replaced by one per local instance, each with the first one's parameters. */
export function localUpstream(upstreamConf: string, instancePorts: number[]): string {
  const serverLine = /^([ \t]*)server[ \t]+\S+([^;]*);[ \t]*$/;
  const lines = upstreamConf.split('\n');
  const first = lines.findIndex((line) => serverLine.test(line));
  const [, indent = '', parameters = ''] = serverLine.exec(lines[first] ?? '') ?? [];
  if (first === -1) throw new Error('deploy/nginx/upstream.conf has no `server` line to adapt for npm run cluster.');
  const servers = instancePorts.map((port) => `${indent}server 127.0.0.1:${port}${parameters};`);
  return [...lines.slice(0, first), ...servers, ...lines.slice(first + 1).filter((line) => !serverLine.test(line))].join('\n');
}

/**
 * deploy/nginx/parley.conf listening on 127.0.0.1:`port`, its page cache in `cacheDir`. Without
 * `perClientLimits`, its `limit_req` lines (posts, API calls per client address) are left out:
 * for the bench, whose load generator is one address standing for many readers.
 */
export function localServer(parleyConf: string, port: number, cacheDir: string, { perClientLimits = true }: { perClientLimits?: boolean } = {}): string {
  let conf = replaceOnce(parleyConf, 'parley.conf', /^([ \t]*)listen[ \t]+8080;/m, `$1listen 127.0.0.1:${port};`);
  conf = replaceOnce(conf, 'parley.conf', /proxy_cache_path[ \t]+\/var\/cache\/nginx\/parley[ \t]/, `proxy_cache_path ${cacheDir} `);
  if (!perClientLimits) {
    for (const zone of ['parley_writes', 'parley_api']) {
      const line = new RegExp(`^[ \\t]*limit_req zone=${zone}[^;]*;\\n`, 'gm');
      if (!line.test(conf)) throw new Error(`deploy/nginx/parley.conf: no limit_req line for ${zone} to leave out for the bench.`);
      conf = conf.replace(line, '');
    }
  }
  return conf;
}

const header = '# Written by npm run cluster (scripts/support/nginx.ts) from deploy/nginx/: change those, not this.\n';

/** `dir`/upstream.conf: deploy/nginx/upstream.conf for these local instances (nginx reads it at start and on SIGHUP). */
export async function writeUpstreamConfig(dir: string, instancePorts: number[]): Promise<void> {
  const upstreamConf = await readFile(path.join(deployDir, 'upstream.conf'), 'utf8');
  await writeFile(path.join(dir, 'upstream.conf'), header + localUpstream(upstreamConf, instancePorts));
}

export type NginxSetup = { binary: string; prefix: string; config: string };

/**
 * Writes nginx.conf (and the adapted deploy files) into `dir`. As root, nginx's
 * worker processes run as `nobody` (the master keeps root only to bind and read
 * the configuration): the folder is made readable for it, and nginx creates its
 * temporary and cache folders owned by that user.
 */
export async function writeNginxConfig({
  dir,
  port,
  instancePorts,
  perClientLimits = true,
}: {
  dir: string;
  port: number;
  instancePorts: number[];
  /** Keep deploy/nginx's request limits per client address (see localServer). */
  perClientLimits?: boolean;
}): Promise<NginxSetup> {
  const binary = findNginx();
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o755);
  const parleyConf = await readFile(path.join(deployDir, 'parley.conf'), 'utf8');
  await writeUpstreamConfig(dir, instancePorts);
  await writeFile(path.join(dir, 'parley.conf'), header + localServer(parleyConf, port, path.join(dir, 'cache'), { perClientLimits }));
  const root = process.getuid?.() === 0;
  const group = root && (await readFile('/etc/group', 'utf8')).split('\n').some((line) => line.startsWith('nogroup:')) ? 'nogroup' : 'nobody';
  const config = path.join(dir, 'nginx.conf');
  await writeFile(
    config,
    `${header}
# In the foreground, as a child of npm run cluster; everything it writes stays in this folder.
daemon off;
${root ? `user nobody ${group};\n` : ''}worker_processes 1;
pid ${path.join(dir, 'nginx.pid')};
error_log stderr warn;

events {
  worker_connections 4096;
}

http {
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path ${path.join(dir, 'temp', 'body')};
  proxy_temp_path ${path.join(dir, 'temp', 'proxy')};
  fastcgi_temp_path ${path.join(dir, 'temp', 'fastcgi')};
  uwsgi_temp_path ${path.join(dir, 'temp', 'uwsgi')};
  scgi_temp_path ${path.join(dir, 'temp', 'scgi')};

  include ${path.join(dir, 'upstream.conf')};
  include ${path.join(dir, 'parley.conf')};
}
`,
  );
  await mkdir(path.join(dir, 'temp'), { recursive: true });
  await chmod(path.join(dir, 'temp'), 0o755);
  // nginx -t: a configuration it refuses fails here, with nginx's own words.
  await promisify(execFile)(binary, ['-t', '-q', '-p', dir, '-c', config]).catch((error: { stderr?: string; message: string }) => {
    throw new Error(`nginx refused the generated configuration (${config}):\n${error.stderr?.trim() || error.message}`);
  });
  return { binary, prefix: dir, config };
}
