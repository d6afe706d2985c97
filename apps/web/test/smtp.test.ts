import net from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { formatMessage, sendSmtp } from '../src/server/smtp';

/** A fake SMTP server recording what it is told; `refuse` answers that command with 550. */
function fakeServer(refuse?: string) {
  const received: string[] = [];
  let data = '';
  const server = net.createServer((socket) => {
    let inData = false;
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
  return new Promise<{ url: string; received: string[]; data: () => string; close: () => void }>(
    (resolve) =>
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        resolve({
          url: `smtp://mailer%40example.com:p%40ss@127.0.0.1:${port}`,
          received,
          data: () => data,
          close: () => server.close(),
        });
      }),
  );
}

let close: (() => void) | undefined;
afterEach(() => close?.());

const message = {
  from: 'Foresight <noreply@example.com>',
  to: 'cofounder@example.com',
  subject: 'Ada invited you to Zürich Labs\r\nBcc: evil@example.com',
  text: 'Accept: http://localhost:3000/invite/fsi_abc\n.\nbye',
};

it('hands one message to the server: EHLO, AUTH PLAIN, envelope, then the message', async () => {
  const server = await fakeServer();
  close = server.close;
  await sendSmtp(server.url, message);
  expect(server.received.map((l) => l.split(' ')[0])).toEqual([
    'EHLO',
    'AUTH',
    'MAIL',
    'RCPT',
    'DATA',
    'QUIT',
  ]);
  const auth = Buffer.from(server.received[1]!.split(' ')[2]!, 'base64').toString();
  expect(auth).toBe('\0mailer@example.com\0p@ss');
  expect(server.received[2]).toBe('MAIL FROM:<noreply@example.com>');
  expect(server.received[3]).toBe('RCPT TO:<cofounder@example.com>');
  const data = server.data();
  // No header injection; the non-ASCII subject is encoded; the body arrives whole.
  expect(data).not.toMatch(/^Bcc:/m);
  expect(data).toMatch(/^Subject: =\?UTF-8\?B\?/m);
  const body = data.split('\n\n')[1]!.replace(/\n/g, '');
  expect(Buffer.from(body, 'base64').toString()).toBe(
    'Accept: http://localhost:3000/invite/fsi_abc\r\n.\r\nbye',
  );
});

it('fails with the server reason when a command is refused', async () => {
  const server = await fakeServer('RCPT');
  close = server.close;
  await expect(sendSmtp(server.url, message)).rejects.toThrow(
    'SMTP RCPT TO refused: 550 no such user',
  );
});

it('fails clearly when nothing listens', async () => {
  await expect(sendSmtp('smtp://127.0.0.1:1', message)).rejects.toThrow(/ECONNREFUSED/);
});

it('formats a plain-text UTF-8 message', () => {
  const text = formatMessage({ ...message, subject: 'Hi' }, new Date(Date.UTC(2026, 0, 1)));
  expect(text).toContain('Subject: Hi\r\nDate: Thu, 01 Jan 2026 00:00:00 GMT\r\n');
  expect(text).toContain('Content-Type: text/plain; charset=utf-8');
});
