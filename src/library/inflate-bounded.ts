import type { Readable } from 'node:stream';
import type JSZip from 'jszip';
import type { LinhaiError } from '#model';

/** The errors a caller gives for its kind of zip (an EPUB, a Legado backup), with its advice. */
export interface InflateFailures {
  tooLarge(entry: string, maxBytes: number): LinhaiError;
  damaged(entry: string, error: Error): LinhaiError;
}

/**
 * Inflates one entry of a zip read as hostile input, stopping as soon as it passes `maxBytes`, so
 * a zip bomb ends at the bound instead of filling memory.
 */
export function inflateBounded(
  entry: JSZip.JSZipObject,
  maxBytes: number,
  failures: InflateFailures,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let done = false;
    // A Node stream over jszip's chunked inflate: destroying it stops the reads.
    const stream = entry.nodeStream('nodebuffer') as Readable;
    stream
      .on('data', (chunk: Uint8Array) => {
        if (done) return;
        size += chunk.byteLength;
        if (size <= maxBytes) return void chunks.push(chunk);
        done = true;
        stream.destroy();
        reject(failures.tooLarge(entry.name, maxBytes));
      })
      .on('error', (error: Error) => {
        if (done) return;
        done = true;
        reject(failures.damaged(entry.name, error));
      })
      .on('end', () => {
        if (done) return;
        done = true;
        resolve(Buffer.concat(chunks));
      });
  });
}
