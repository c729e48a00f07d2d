// Structured log lines (JSON, one per line, UTC timestamps) on stdout.
// Secrets never reach a log: fields whose names look like credentials are dropped.
const secretField = /pass(word)?|hash|token|secret|cookie|authorization/i;

export type LogFields = Record<string, unknown>;

function scrub(fields: LogFields): LogFields {
  return Object.fromEntries(Object.entries(fields).filter(([key]) => !secretField.test(key)));
}

export function logEvent(event: string, fields: LogFields = {}, level: 'info' | 'warn' | 'error' = 'info'): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...scrub(fields) });
  if (level === 'error') console.error(line);
  else console.log(line);
}
