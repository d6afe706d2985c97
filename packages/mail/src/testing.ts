// Test fixture: a fake SMTP server on 127.0.0.1 that records what it is told.
import net from 'node:net';

export interface FakeSmtpServer {
  /** smtp://mailer%40example.com:p%40ss@127.0.0.1:<port> */
  url: string;
  /** Every command line received (all connections, in order). */
  received: string[];
  /** The DATA of each accepted message (lines joined with \n). */
  messages: string[];
  /** The DATA of the last accepted message ('' before any). */
  data(): string;
  close(): Promise<void>;
}

/** Starts the server; `refuse`: a command prefix (e.g. 'RCPT') answered with 550. */
export function fakeSmtpServer(refuse?: string): Promise<FakeSmtpServer> {
  const received: string[] = [];
  const messages: string[] = [];
  const server = net.createServer((socket) => {
    let inData = false;
    let data = '';
    let buffer = '';
    socket.write('220 fake ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            messages.push(data);
            data = '';
            socket.write('250 queued\r\n');
          } else data += `${line}\n`;
          continue;
        }
        received.push(line);
        const verb = line.split(/[ :]/)[0]!.toUpperCase();
        if (refuse && line.startsWith(refuse)) socket.write('550 no such user\r\n');
        else if (verb === 'EHLO') socket.write('250-fake\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n');
        else if (verb === 'AUTH') socket.write('235 ok\r\n');
        else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go on\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        url: `smtp://mailer%40example.com:p%40ss@127.0.0.1:${port}`,
        received,
        messages,
        data: () => messages.at(-1) ?? '',
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    }),
  );
}

/** The plain-text body of a recorded message (base64 decoded). */
export function messageBody(data: string): string {
  const body = data.split('\n\n')[1] ?? '';
  return Buffer.from(body.replace(/\n/g, ''), 'base64').toString('utf8');
}
