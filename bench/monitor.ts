// Where the machine's time and memory go during a scenario (Linux /proc): the
// resident memory of a server process tree sampled every 100 ms, and the CPU
// used by that tree, by the bench process (the load generator), by PostgreSQL
// and by the whole machine. On a 2-core machine that shares the load generator
// with the server, this is the first "profile" that explains a missed target.
import { readFile, readdir } from 'node:fs/promises';
import os from 'node:os';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

type ProcStat = { ppid: number; comm: string; ticks: number };

async function procStat(pid: number | string): Promise<ProcStat | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  if (!text) return undefined;
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const fields = text.slice(close + 2).split(' ');
  return { ppid: Number(fields[1]), comm, ticks: Number(fields[11]) + Number(fields[12]) };
}

async function allProcesses(): Promise<Map<number, ProcStat>> {
  const map = new Map<number, ProcStat>();
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await procStat(entry);
    if (stat) map.set(Number(entry), stat);
  }
  return map;
}

function descendants(pid: number, all: Map<number, ProcStat>): number[] {
  const tree = new Set([pid]);
  for (let grew = true; grew; ) {
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

async function rssOf(pids: number[]): Promise<number> {
  let bytes = 0;
  for (const pid of pids) {
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    bytes += Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? 0) * 1024;
  }
  return bytes;
}

/** Resident memory of a process and its descendants, in bytes. */
export async function treeRss(pid: number): Promise<{ bytes: number; processes: number }> {
  const pids = descendants(pid, await allProcesses());
  return { bytes: await rssOf(pids), processes: pids.length };
}

async function machineTicks(): Promise<{ busy: number; total: number }> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.slice(0, 8).reduce((sum, value) => sum + value, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

type CpuSnapshot = { at: number; server: Map<number, number>; bench: NodeJS.CpuUsage; postgres: Map<number, number>; machine: { busy: number; total: number } };

async function cpuSnapshot(serverPids: number[], all: Map<number, ProcStat>): Promise<CpuSnapshot> {
  const server = new Map<number, number>();
  const postgres = new Map<number, number>();
  for (const pid of serverPids) server.set(pid, all.get(pid)?.ticks ?? 0);
  for (const [pid, stat] of all) if (stat.comm === 'postgres') postgres.set(pid, stat.ticks);
  return { at: performance.now(), server, bench: process.cpuUsage(), postgres, machine: await machineTicks() };
}

/** CPU ticks between two snapshots of a set of processes: new ones count in full, ones that exited (their last ticks unknown) not at all. */
function ticksBetween(begin: Map<number, number>, end: Map<number, number>): number {
  let ticks = 0;
  for (const [pid, value] of end) ticks += Math.max(0, value - (begin.get(pid) ?? 0));
  return ticks;
}

/** CPU use over a window, in % of one core (200% = both cores of a 2-core machine). */
export type CpuShare = { server: number; bench: number; postgres: number; machine: number; cores: number };
export type Usage = { startRss: number; peakRss: number; endRss: number; samples: number; processes: number; cpu: CpuShare };

/**
 * Starts sampling `pid`'s process tree. The tree is re-read every second (a
 * server may start workers); memory is sampled every `intervalMs`.
 */
export function monitor(pid: number, intervalMs = 100): { stop: () => Promise<Usage> } {
  let pids = [pid];
  let peak = 0;
  let last = 0;
  let samples = 0;
  let stopped = false;
  const ready = (async () => {
    const all = await allProcesses();
    pids = descendants(pid, all);
    return cpuSnapshot(pids, all);
  })();
  const loop = (async () => {
    const begin = await ready;
    let lastTree = begin.at;
    const first = await rssOf(pids);
    while (!stopped) {
      if (performance.now() - lastTree > 1000) {
        pids = descendants(pid, await allProcesses());
        lastTree = performance.now();
      }
      last = await rssOf(pids);
      peak = Math.max(peak, last);
      samples++;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
    return { begin, first };
  })();
  return {
    stop: async () => {
      stopped = true;
      const { begin, first } = await loop;
      const all = await allProcesses();
      const end = await cpuSnapshot(pids, all);
      const endRss = await rssOf(pids);
      const seconds = (end.at - begin.at) / 1000;
      const pct = (ticks: number) => (seconds > 0 ? (100 * ticks) / TICKS_PER_SECOND / seconds : Number.NaN);
      const benchMicros = end.bench.user + end.bench.system - begin.bench.user - begin.bench.system;
      const machineTotal = end.machine.total - begin.machine.total;
      return {
        startRss: first,
        peakRss: Math.max(peak, endRss),
        endRss,
        samples,
        processes: pids.length,
        cpu: {
          server: pct(ticksBetween(begin.server, end.server)),
          bench: seconds > 0 ? (100 * benchMicros) / 1e6 / seconds : Number.NaN,
          postgres: pct(ticksBetween(begin.postgres, end.postgres)),
          machine: machineTotal > 0 ? (100 * os.cpus().length * (end.machine.busy - begin.machine.busy)) / machineTotal : Number.NaN,
          cores: os.cpus().length,
        },
      };
    },
  };
}
