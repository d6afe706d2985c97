import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Where original uploads are kept. Local disk by default; an S3-compatible store implements the
 * same four calls (put as a multipart upload, head as a ranged GET).
 */
export interface FileStorage {
  /** Streams `body` to `key`; returns its size. Refuses, and keeps nothing, past `maxBytes`. */
  put(key: string, body: Readable, maxBytes: number): Promise<number>;
  /** The whole file as a stream. */
  read(key: string): Readable;
  /** Up to the first `bytes` bytes. */
  head(key: string, bytes: number): Promise<Uint8Array>;
  delete(key: string): Promise<void>;
}

/** The configured storage and upload size limit, as the upload procedures see them. */
export interface UploadFiles {
  storage: FileStorage;
  maxBytes: number;
}

export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The file is larger than the ${formatBytes(maxBytes)} upload limit`);
    this.name = 'FileTooLargeError';
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${+(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${+(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/** Files under a root directory (the data directory's `uploads/` by default). */
export class LocalDiskStorage implements FileStorage {
  constructor(private readonly root: string) {}

  private file(key: string): string {
    const file = path.resolve(this.root, key);
    if (!file.startsWith(path.resolve(this.root) + path.sep))
      throw new Error(`Bad storage key ${key}`);
    return file;
  }

  async put(key: string, body: Readable, maxBytes: number): Promise<number> {
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true });
    let size = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new FileTooLargeError(maxBytes));
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, limit, createWriteStream(file));
      return size;
    } catch (error) {
      await rm(file, { force: true });
      throw error;
    }
  }

  read(key: string): Readable {
    return createReadStream(this.file(key), { highWaterMark: 256 * 1024 });
  }

  async head(key: string, bytes: number): Promise<Uint8Array> {
    const handle = await open(this.file(key), 'r');
    try {
      const buffer = Buffer.alloc(bytes);
      const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }
}

/** The uploads folder of a data directory: where the web app keeps files and the trainer reads them. */
export function localUploadStorage(dataDir: string): LocalDiskStorage {
  return new LocalDiskStorage(path.join(dataDir, 'uploads'));
}
