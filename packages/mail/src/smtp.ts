import net from 'node:net';
import tls from 'node:tls';

// A small SMTP client (no dependency): enough to hand one message to the organization's relay —
// implicit TLS (smtps://, port 465) or STARTTLS when the server offers it, AUTH PLAIN when the URL
// has credentials. Used for invitation e-mails (web) and alert and digest e-mails (trainer), only
// when SMTP_URL is set (`readMailEnv`).

export interface SmtpMessage {
  from: string;
  /** One address, or several: one message, one envelope with a RCPT TO each (all or none sent). */
  to: string | readonly string[];
  subject: string;
  text: string;
}

function recipients(message: SmtpMessage): string[] {
  const list = typeof message.to === 'string' ? [message.to] : [...message.to];
  if (list.length === 0) throw new Error('An e-mail needs at least one recipient');
  return list;
}

const TIMEOUT_MS = 15_000;

/** One header value on one line: no CR/LF (no header injection), non-ASCII encoded. */
function headerValue(value: string): string {
  const flat = value.replace(/[\r\n]+/g, ' ');
  return /^[\x20-\x7e]*$/.test(flat) ? flat : `=?UTF-8?B?${Buffer.from(flat).toString('base64')}?=`;
}

/** A bare address for MAIL FROM / RCPT TO ("Name <a@b>" → "a@b"). */
function address(value: string): string {
  const bare = (/<([^<>]+)>\s*$/.exec(value)?.[1] ?? value).trim();
  if (!/^[^\s<>@]+@[^\s<>@]+$/.test(bare)) throw new Error(`Not an e-mail address: ${value}`);
  return bare;
}

export function formatMessage(message: SmtpMessage, date = new Date()): string {
  const body = Buffer.from(message.text.replace(/\r?\n/g, '\r\n'))
    .toString('base64')
    .replace(/.{76}/g, '$&\r\n');
  return [
    `From: ${headerValue(message.from)}`,
    `To: ${headerValue(recipients(message).join(', '))}`,
    `Subject: ${headerValue(message.subject)}`,
    `Date: ${date.toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    body,
  ].join('\r\n');
}

/** Reads SMTP replies ("250-…" continuation lines, then "250 …") from a socket. */
class ReplyReader {
  private buffer = '';
  private lines: string[] = [];
  private waiting: ((reply: { code: number; text: string }) => void) | null = null;
  private failed: Error | null = null;
  private onFail: ((error: Error) => void) | null = null;

  constructor(private socket: net.Socket) {
    this.attach(socket);
  }

  attach(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('utf8');
      let end: number;
      while ((end = this.buffer.indexOf('\r\n')) >= 0) {
        const line = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        this.lines.push(line);
        if (/^\d{3}(?: |$)/.test(line)) this.flush();
      }
    });
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('The SMTP server closed the connection')));
  }

  private pending: { code: number; text: string }[] = [];

  private flush() {
    const reply = { code: Number(this.lines[0]!.slice(0, 3)), text: this.lines.join('\n') };
    this.lines = [];
    const waiter = this.waiting;
    this.waiting = null;
    if (waiter) waiter(reply);
    else this.pending.push(reply);
  }

  private fail(error: Error) {
    this.failed ??= error;
    this.onFail?.(error);
  }

  next(): Promise<{ code: number; text: string }> {
    const ready = this.pending.shift();
    if (ready) return Promise.resolve(ready);
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('The SMTP server did not answer')),
        TIMEOUT_MS,
      );
      this.waiting = (reply) => {
        clearTimeout(timer);
        resolve(reply);
      };
      this.onFail = (error) => {
        clearTimeout(timer);
        reject(error);
      };
    });
  }

  detach() {
    this.socket.removeAllListeners('data');
    this.socket.removeAllListeners('error');
    this.socket.removeAllListeners('close');
  }
}

/** Sends one message through the server of `smtpUrl` (smtp://user:pass@host:587 or smtps://…). */
export async function sendSmtp(smtpUrl: string, message: SmtpMessage): Promise<void> {
  const url = new URL(smtpUrl);
  const to = recipients(message).map(address); // refuse a bad address before connecting
  const implicitTls = url.protocol === 'smtps:';
  if (!implicitTls && url.protocol !== 'smtp:') {
    throw new Error('SMTP_URL must start with smtp:// or smtps://');
  }
  const host = url.hostname;
  const port = Number(url.port || (implicitTls ? 465 : 587));
  let socket: net.Socket = await new Promise((resolve, reject) => {
    const s = implicitTls
      ? tls.connect({ host, port, servername: host }, () => resolve(s))
      : net.connect({ host, port }, () => resolve(s));
    s.once('error', reject);
    s.setTimeout(TIMEOUT_MS, () => s.destroy(new Error('SMTP connection timed out')));
  });
  const reader = new ReplyReader(socket);
  const expect = async (codes: number[], what: string) => {
    const reply = await reader.next();
    if (!codes.includes(reply.code)) {
      throw new Error(`SMTP ${what} refused: ${reply.text.split('\n').at(-1)}`);
    }
    return reply;
  };
  const command = async (line: string, codes: number[], what = line.split(' ')[0]!) => {
    socket.write(`${line}\r\n`);
    return expect(codes, what);
  };
  try {
    await expect([220], 'greeting');
    let ehlo = await command('EHLO foresight.local', [250], 'EHLO');
    if (!implicitTls && /^250[ -]STARTTLS\b/im.test(ehlo.text)) {
      await command('STARTTLS', [220]);
      reader.detach();
      socket = await new Promise((resolve, reject) => {
        const s = tls.connect({ socket, servername: host }, () => resolve(s));
        s.once('error', reject);
      });
      reader.attach(socket);
      ehlo = await command('EHLO foresight.local', [250], 'EHLO');
    }
    if (url.username) {
      const user = decodeURIComponent(url.username);
      const pass = decodeURIComponent(url.password);
      const plain = Buffer.from(`\0${user}\0${pass}`).toString('base64');
      await command(`AUTH PLAIN ${plain}`, [235], 'AUTH');
    }
    await command(`MAIL FROM:<${address(message.from)}>`, [250], 'MAIL FROM');
    for (const rcpt of to) await command(`RCPT TO:<${rcpt}>`, [250, 251], 'RCPT TO');
    await command('DATA', [354]);
    // Dot-stuffing: a line starting with "." gets another (base64 bodies never do; headers may).
    const data = formatMessage(message).replace(/^\./gm, '..');
    await command(`${data}\r\n.`, [250], 'message');
    // The message is accepted; a server that hangs up instead of saying goodbye is fine.
    await command('QUIT', [221]).catch(() => undefined);
  } finally {
    reader.detach();
    socket.end();
  }
}
