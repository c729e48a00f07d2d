// Where the machine's time and memory go during a scenario (Linux /proc): the
// resident memory of the server's process tree (or the trees of a cluster's
// instances) sampled every 100 ms, and the CPU used by those trees, by nginx in
// front of a cluster, by the bench process (the load generator), by PostgreSQL
// and by the whole machine. On a 2-core machine that shares the load generator
// with the server, this is the first "profile" that explains a missed target.
//
// Everything here reads /proc synchronously, on purpose: the sampler shares its
// event loop with autocannon, which keeps it busy; an asynchronous read needs
// several turns of that loop and fell far behind (6 samples in 4 s instead of 40).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** From /proc/<pid>/stat: parent, name, CPU used (user + system) and start time, both in clock ticks. */
type ProcStat = { ppid: number; comm: string; ticks: number; start: number };

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return ''; // the process exited
  }
}

function procStat(pid: number | string): ProcStat | undefined {
  const text = read(`/proc/${pid}/stat`);
  if (!text) return undefined;
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const fields = text.slice(close + 2).split(' ');
  return { ppid: Number(fields[1]), comm, ticks: Number(fields[11]) + Number(fields[12]), start: Number(fields[19]) };
}

function allProcesses(): Map<number, ProcStat> {
  const map = new Map<number, ProcStat>();
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return map;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(entry);
    if (stat) map.set(Number(entry), stat);
  }
  return map;
}

const hasChildrenFiles = existsSync(`/proc/${process.pid}/task/${process.pid}/children`);

/** Processes and their descendants: from each thread's `children` file where the kernel has them, else from every process's parent. */
export function processTree(roots: number | readonly number[]): number[] {
  const pids = typeof roots === 'number' ? [roots] : roots;
  if (!hasChildrenFiles) {
    const all = allProcesses();
    const tree = new Set(pids);
    for (let grew = true; grew;) {
      grew = false;
      for (const [child, { ppid }] of all) {
        if (tree.has(ppid) && !tree.has(child)) {
          tree.add(child);
          grew = true;
        }
      }
    }
    return [...tree];
  }
  const tree: number[] = [];
  const queue = [...pids];
  while (queue.length) {
    const current = queue.shift()!;
    tree.push(current);
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${current}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      for (const child of read(`/proc/${current}/task/${task}/children`).trim().split(/\s+/)) {
        if (child && !tree.includes(Number(child)) && !queue.includes(Number(child))) queue.push(Number(child));
      }
    }
  }
  return tree;
}

function rssOf(pids: number[]): number {
  let bytes = 0;
  for (const pid of pids) bytes += Number(/VmRSS:\s+(\d+)\s+kB/.exec(read(`/proc/${pid}/status`))?.[1] ?? 0) * 1024;
  return bytes;
}

/** Resident memory of processes and their descendants, in bytes. */
// eslint-disable-next-line @typescript-eslint/require-await -- asynchronous like the rest of the monitor's API (stop()); /proc reads happen to be synchronous
export async function treeRss(roots: number | readonly number[]): Promise<{ bytes: number; processes: number }> {
  const pids = processTree(roots);
  return { bytes: rssOf(pids), processes: pids.length };
}

function machineTicks(): { busy: number; total: number } {
  const values = (read('/proc/stat').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const total = values.slice(0, 8).reduce((sum, value) => sum + value, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

type Ticks = Map<number, { ticks: number; start: number }>;
type CpuSnapshot = {
  at: number;
  uptime: number;
  server: Ticks;
  proxy: Ticks;
  bench: NodeJS.CpuUsage;
  postgres: Ticks;
  machine: { busy: number; total: number };
};

function ticksOf(pids: number[]): Ticks {
  const ticks: Ticks = new Map();
  for (const pid of pids) {
    const stat = procStat(pid);
    if (stat) ticks.set(pid, stat);
  }
  return ticks;
}

function cpuSnapshot(serverPids: number[], proxyPids: number[]): CpuSnapshot {
  const postgres: Ticks = new Map();
  for (const [pid, stat] of allProcesses()) if (stat.comm === 'postgres') postgres.set(pid, stat);
  const uptime = Number(read('/proc/uptime').split(' ')[0]) * TICKS_PER_SECOND;
  return { at: performance.now(), uptime, server: ticksOf(serverPids), proxy: ticksOf(proxyPids), bench: process.cpuUsage(), postgres, machine: machineTicks() };
}

/**
 * CPU ticks used between two snapshots by a set of processes. A process seen
 * only at the end counts in full if it started inside the window (else its
 * starting point is unknown and it is left out); one that exited is lost.
 */
function ticksBetween(begin: CpuSnapshot, end: CpuSnapshot, key: 'server' | 'proxy' | 'postgres'): number {
  let ticks = 0;
  for (const [pid, now] of end[key]) {
    const before = begin[key].get(pid);
    if (before && before.start === now.start) ticks += Math.max(0, now.ticks - before.ticks);
    else if (now.start >= begin.uptime - 1) ticks += now.ticks;
  }
  return ticks;
}

/** CPU use over a window, in % of one core (200% = both cores of a 2-core machine); `proxy` only when nginx was watched. */
export type CpuShare = { server: number; proxy?: number; bench: number; postgres: number; machine: number; cores: number };
export type Usage = {
  startRss: number;
  peakRss: number;
  endRss: number;
  samples: number;
  processes: number;
  cpu: CpuShare;
  /** CPU time (user + system) the server's process tree used over the window, in seconds: divided by the requests served, the CPU a request costs. */
  serverCpuSeconds: number;
  /** The same for nginx (master and workers), when it was watched. */
  proxyCpuSeconds?: number;
};

/**
 * What a monitor watches: the server, as one process tree or one per instance
 * of a cluster (memory and CPU summed), and the reverse proxy in front of a
 * cluster, counted apart. The app under test (http.ts's App) is one.
 */
export type Watched = { pid: number | readonly number[]; proxyPid?: number };

/**
 * Starts watching the server's process tree(s) now: the CPU counters are read
 * at once and again by `stop`; memory is sampled every `intervalMs`; the trees
 * are re-read every second (a server may start workers).
 */
export function monitor({ pid, proxyPid }: Watched, intervalMs = 100): { stop: () => Promise<Usage> } {
  let pids = processTree(pid);
  const proxyPids = () => (proxyPid === undefined ? [] : processTree(proxyPid));
  const begin = cpuSnapshot(pids, proxyPids());
  const startRss = rssOf(pids);
  let peak = startRss;
  let samples = 0;
  let lastTree = performance.now();
  const timer = setInterval(() => {
    if (performance.now() - lastTree > 1000) {
      pids = processTree(pid);
      lastTree = performance.now();
    }
    peak = Math.max(peak, rssOf(pids));
    samples++;
  }, intervalMs);
  return {
    // eslint-disable-next-line @typescript-eslint/require-await -- see treeRss
    stop: async () => {
      clearInterval(timer);
      pids = processTree(pid);
      const end = cpuSnapshot(pids, proxyPids());
      const endRss = rssOf(pids);
      const seconds = (end.at - begin.at) / 1000;
      const pct = (ticks: number) => (seconds > 0 ? (100 * ticks) / TICKS_PER_SECOND / seconds : Number.NaN);
      const benchMicros = end.bench.user + end.bench.system - begin.bench.user - begin.bench.system;
      const serverTicks = ticksBetween(begin, end, 'server');
      const proxyTicks = proxyPid === undefined ? undefined : ticksBetween(begin, end, 'proxy');
      const machineTotal = end.machine.total - begin.machine.total;
      return {
        startRss,
        peakRss: Math.max(peak, endRss),
        endRss,
        samples,
        processes: pids.length,
        cpu: {
          server: pct(serverTicks),
          ...(proxyTicks === undefined ? {} : { proxy: pct(proxyTicks) }),
          bench: seconds > 0 ? (100 * benchMicros) / 1e6 / seconds : Number.NaN,
          postgres: pct(ticksBetween(begin, end, 'postgres')),
          machine: machineTotal > 0 ? (100 * os.cpus().length * (end.machine.busy - begin.machine.busy)) / machineTotal : Number.NaN,
          cores: os.cpus().length,
        },
        serverCpuSeconds: serverTicks / TICKS_PER_SECOND,
        ...(proxyTicks === undefined ? {} : { proxyCpuSeconds: proxyTicks / TICKS_PER_SECOND }),
      };
    },
  };
}
