// Scenario 2's server, run as a child process so it has an event loop (and a
// core) of its own, like `next start`: answers every request with the same
// status, headers and body bytes the app sent for the article page.
//   node --import tsx bench/ceiling-server.ts <port> <response.json> <body file>
import { readFileSync } from 'node:fs';
import http from 'node:http';

const [port, responseFile, bodyFile] = process.argv.slice(2);
if (!port || !responseFile || !bodyFile) throw new Error('usage: ceiling-server.ts <port> <response.json> <body file>');
const { status, headers } = JSON.parse(readFileSync(responseFile, 'utf8')) as { status: number; headers: Record<string, string> };
const body = readFileSync(bodyFile);

http
  .createServer((request, response) => {
    request.resume();
    response.writeHead(status, { ...headers, 'content-length': String(body.length) });
    response.end(body);
  })
  .listen(Number(port), '127.0.0.1');

process.on('SIGTERM', () => process.exit(0));
