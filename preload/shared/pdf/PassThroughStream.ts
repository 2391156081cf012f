import { PDFStream, type PDFContext, type PDFDict } from 'pdf-lib';

const STREAM = new TextEncoder().encode('\nstream\n');
const ENDSTREAM = new TextEncoder().encode('\nendstream');

/**
 * A PDF stream whose bytes are already in their final encoded form (a scanner's JPEG, a PNG's zlib
 * data). It writes them with one block copy instead of pdf-lib's byte-by-byte loop, which
 * dominated the time of packaging large scans; the bytes written are identical.
 */
export class PassThroughStream extends PDFStream {
  readonly contents: Uint8Array;

  constructor(dict: PDFDict, contents: Uint8Array) {
    super(dict);
    this.contents = contents;
  }

  override clone(context?: PDFContext): PassThroughStream {
    return new PassThroughStream(this.dict.clone(context), this.contents.slice());
  }

  override getContentsString(): string {
    let text = '';
    for (let i = 0; i < this.contents.length; i += 0x8000) text += String.fromCharCode(...this.contents.subarray(i, i + 0x8000));
    return text;
  }

  override getContents(): Uint8Array {
    return this.contents;
  }

  override getContentsSize(): number {
    return this.contents.length;
  }

  override copyBytesInto(buffer: Uint8Array, offset: number): number {
    this.updateDict();
    const start = offset;
    offset += this.dict.copyBytesInto(buffer, offset);
    buffer.set(STREAM, offset);
    offset += STREAM.length;
    buffer.set(this.contents, offset);
    offset += this.contents.length;
    buffer.set(ENDSTREAM, offset);
    offset += ENDSTREAM.length;
    return offset - start;
  }
}
