/** Types of the full OpenJPEG build (encoder included) used by tests to make JPEG 2000 faces. */
declare module '@cornerstonejs/codec-openjpeg' {
  export interface J2KEncoder {
    getDecodedBuffer(frame: { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean; isUsingColorTransform: boolean }): Uint8Array;
    encode(): void;
    getEncodedBuffer(): Uint8Array;
  }
  export interface J2KDecoder {
    getEncodedBuffer(length: number): Uint8Array;
    decode(): void;
    getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean };
    getDecodedBuffer(): Uint8Array;
    delete?(): void;
  }
  export default function createOpenJpeg(options?: { print?: (text: string) => void; printErr?: (text: string) => void }): Promise<{ J2KEncoder: new () => J2KEncoder; J2KDecoder: new () => J2KDecoder }>;
}
