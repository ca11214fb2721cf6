// The baseline: bare node:http answering a small JSON body, in its own process like the hub.
import { createServer } from 'node:http';

const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Success', message: 'hello' });
const server = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${(server.address() as { port: number }).port}`));
