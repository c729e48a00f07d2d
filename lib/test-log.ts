// For tests: the lines lib/log.ts writes, as parsed objects, instead of on stdout.
import pino from 'pino';
import { log } from './log';

type Destination = { write(chunk: string): boolean };

export type CapturedLog = {
  /** Every line written since capturing began. */
  lines(): Record<string, unknown>[];
  /** The raw text written, for checks on what must never appear. */
  text(): string;
  restore(): void;
};

/** Captures the logger's output until `restore()` (call it in afterEach). */
export function captureLog(): CapturedLog {
  const destination = (log as unknown as Record<symbol, Destination>)[pino.symbols.streamSym]!;
  const original = Object.getOwnPropertyDescriptor(destination, 'write');
  const written: string[] = [];
  destination.write = (chunk: string) => {
    written.push(chunk);
    return true;
  };
  return {
    lines: () =>
      written
        .join('')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    text: () => written.join(''),
    restore: () => {
      if (original) Object.defineProperty(destination, 'write', original);
      else delete (destination as Partial<Destination>).write;
    },
  };
}
