// Number formats the report uses everywhere.
import type { Usage } from '../monitor';

export const int = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a');
export const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
export const msText = (value: number) =>
  Number.isFinite(value) ? (value === 0 ? '< 1 ms' : `${value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US')} ms`) : 'n/a';
/** kB are 1,000 bytes, as in the "120 kB". */
export const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
export const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
export const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a');
export const percent = (share: number) => `${(100 * share).toFixed(0)}%`;

/**
 * Where the machine's CPU went during a scenario (100% = one core). `server`
 * names the monitored process (or a cluster's instances; nginx in front of them is shown when watched); when that is the bench process itself (the raw
 * SQL loop), pass 'bench' and it is not counted twice.
 */
export function cpuText({ cpu }: Usage, serverName: string = 'server'): string {
  const self = serverName === 'bench';
  const other = Math.max(0, cpu.machine - (self ? 0 : cpu.server) - (cpu.proxy ?? 0) - cpu.bench - cpu.postgres);
  return (
    `machine ${fixed(cpu.machine, 0)}% of ${cpu.cores * 100}% busy: ` +
    (self ? `bench process (pg client) ${fixed(cpu.bench, 0)}%` : `${serverName} ${fixed(cpu.server, 0)}%, load generator (bench process) ${fixed(cpu.bench, 0)}%`) +
    (cpu.proxy === undefined ? '' : `, nginx ${fixed(cpu.proxy, 0)}%`) +
    `, PostgreSQL ${fixed(cpu.postgres, 0)}%, other ${fixed(other, 0)}%`
  );
}

/** Server CPU time per response of a load, in ms. */
export const cpuMsPer = (usage: { serverCpuSeconds: number }, requests: number) => (requests ? (1000 * usage.serverCpuSeconds) / requests : Number.NaN);

export const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
