// The profile behind a missed throughput or latency target: the server is
// started again on its own with V8's sampling profiler (--cpu-prof), put under
// the same load as the scenario that missed, and stopped; its profile is
// summed by self time, per function and per package, over the load window only.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { onCleanup } from './cleanup';
import { type App, launchApp } from './http';

const root = path.resolve(import.meta.dirname, '..');

export type ProfileEntry = { name: string; where: string; group: string; selfMs: number; share: number };
export type ProfileFigures = {
  scenario: string;
  loadSeconds: number;
  /** CPU time sampled in the load window (idle excluded). */
  busyMs: number;
  idleShare: number;
  groups: { group: string; selfMs: number; share: number }[];
  top: ProfileEntry[];
};

type CpuProfile = {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[];
  endTime: number;
  samples: number[];
  timeDeltas: number[];
};

const special = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

function groupOf(functionName: string, url: string): string {
  if (special.has(functionName) && !url) return functionName;
  if (url.startsWith('wasm:')) return 'WebAssembly (Prisma query compiler)';
  if (url.startsWith('node:') || (!url.includes('/') && url)) return 'Node.js internals';
  const file = url.replace(/^file:\/\//, '');
  const modules = file.lastIndexOf('/node_modules/');
  if (modules !== -1) {
    const parts = file.slice(modules + '/node_modules/'.length).split('/');
    const name = parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
    if (name === 'next') return `next/${parts.slice(1, 4).join('/')}`;
    return name;
  }
  if (file.includes('/.next-bench/server/')) return 'app bundle (.next-bench/server)';
  if (!file) return '(native)';
  return path.relative(root, file);
}

function summarizeProfile(profile: CpuProfile, windowMicros: number): Omit<ProfileFigures, 'scenario' | 'loadSeconds'> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  // Sample timestamps, walking back from the profile's end.
  const times: number[] = [];
  let t = profile.endTime;
  for (let i = profile.samples.length - 1; i >= 0; i--) {
    times[i] = t;
    t -= profile.timeDeltas[i] ?? 0;
  }
  const from = profile.endTime - windowMicros;
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    if (times[i]! < from) continue;
    const delta = profile.timeDeltas[i + 1] ?? 0;
    self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + delta);
  }
  const functions = new Map<string, ProfileEntry>();
  const groups = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  for (const [id, micros] of self) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const ms = micros / 1000;
    if (frame.functionName === '(idle)') {
      idle += ms;
      continue;
    }
    busy += ms;
    const group = groupOf(frame.functionName, frame.url);
    const where = frame.url ? `${frame.url.replace(/^file:\/\//, '').replace(`${root}/`, '')}:${frame.lineNumber + 1}` : '';
    const key = `${frame.functionName}@${where}`;
    const entry = functions.get(key) ?? { name: frame.functionName || '(anonymous)', where, group, selfMs: 0, share: 0 };
    entry.selfMs += ms;
    functions.set(key, entry);
    groups.set(group, (groups.get(group) ?? 0) + ms);
  }
  const share = (ms: number) => (busy ? ms / busy : 0);
  return {
    busyMs: busy,
    idleShare: busy + idle ? idle / (busy + idle) : 0,
    groups: [...groups]
      .map(([group, ms]) => ({ group, selfMs: ms, share: share(ms) }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, 12),
    top: [...functions.values()]
      .map((entry) => ({ ...entry, share: share(entry.selfMs) }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, 15),
  };
}

/**
 * Starts a profiled server, lets `drive` load it, stops it and reads the
 * profile of its main process over the time `drive` took.
 */
export async function profileServer(
  databaseUrl: string,
  secret: string,
  scenario: string,
  /** Loads the server; calls `mark` once warm, where the profile's window starts. */
  drive: (app: App, mark: () => void) => Promise<void>,
  log: (message: string) => void,
  /** Keep the profile files in this folder instead of a temporary one. */
  { keepDir }: { keepDir?: string } = {},
): Promise<ProfileFigures> {
  const dir = keepDir ? path.resolve(keepDir) : await mkdtemp(path.join(os.tmpdir(), 'parley-bench-profile-'));
  const removeDir = onCleanup('profile files', () => (keepDir ? Promise.resolve() : rm(dir, { recursive: true, force: true })));
  try {
    const app = await launchApp(databaseUrl, { rebuild: false, reuseBuild: true, secret, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] }, log);
    let started = performance.now();
    let loadSeconds = 0;
    try {
      await drive(app, () => (started = performance.now()));
      loadSeconds = (performance.now() - started) / 1000;
    } finally {
      await app.stop();
    }
    // The window runs to the process's exit (the profile's end), from the mark.
    const windowMicros = (performance.now() - started) * 1000;
    // One file per Node process; the server's main process is the busiest.
    const files = (await readdir(dir)).filter((name) => name.endsWith('.cpuprofile'));
    let best: Omit<ProfileFigures, 'scenario' | 'loadSeconds'> | undefined;
    for (const file of files) {
      const summary = summarizeProfile(JSON.parse(await readFile(path.join(dir, file), 'utf8')) as CpuProfile, windowMicros);
      if (!best || summary.busyMs > best.busyMs) best = summary;
    }
    if (!best) throw new Error('The profiled server wrote no .cpuprofile (it must exit through process.exit on SIGTERM).');
    log(
      `Profile of ${scenario}: ${(best.busyMs / 1000).toFixed(1)} s of CPU sampled; top: ${best.groups
        .slice(0, 3)
        .map((g) => `${g.group} ${(100 * g.share).toFixed(0)}%`)
        .join(', ')}.`,
    );
    return { scenario, loadSeconds, ...best };
  } finally {
    await removeDir();
  }
}
