import { afterEach, expect, it } from 'vitest';
import { readMailEnv } from '../src/env';
import { formatMessage, sendSmtp } from '../src/smtp';
import { fakeSmtpServer as fakeServer, messageBody } from '../src/testing';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

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
  expect(messageBody(data)).toBe('Accept: http://localhost:3000/invite/fsi_abc\r\n.\r\nbye');
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

it('sends one message to several recipients: a RCPT TO each, all in the To header', async () => {
  const server = await fakeServer();
  close = server.close;
  await sendSmtp(server.url, { ...message, to: ['ada@example.com', 'Bo <bo@example.com>'] });
  expect(server.received.filter((l) => l.startsWith('RCPT'))).toEqual([
    'RCPT TO:<ada@example.com>',
    'RCPT TO:<bo@example.com>',
  ]);
  expect(server.messages).toHaveLength(1);
  expect(server.data()).toMatch(/^To: ada@example.com, Bo <bo@example.com>$/m);
});

it('refuses a bad address or no recipient before connecting', async () => {
  await expect(sendSmtp('smtp://127.0.0.1:1', { ...message, to: ['nobody'] })).rejects.toThrow(
    'Not an e-mail address: nobody',
  );
  await expect(sendSmtp('smtp://127.0.0.1:1', { ...message, to: [] })).rejects.toThrow(
    /at least one recipient/,
  );
});

it('reads SMTP_URL and MAIL_FROM: unset URL means no e-mail; a bad URL is refused', () => {
  expect(readMailEnv({})).toEqual({ smtpUrl: null, from: 'Foresight <noreply@localhost>' });
  expect(
    readMailEnv({ SMTP_URL: 'smtps://u:p@mail.example.com:465', MAIL_FROM: 'Acme <a@acme.io>' }),
  ).toEqual({ smtpUrl: 'smtps://u:p@mail.example.com:465', from: 'Acme <a@acme.io>' });
  expect(() => readMailEnv({ SMTP_URL: 'https://mail.example.com' })).toThrow(
    'Invalid mail configuration: SMTP_URL: SMTP_URL must start with smtp:// or smtps://',
  );
});
